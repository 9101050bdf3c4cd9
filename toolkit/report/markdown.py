"""The draft as Markdown, for a terminal or an email: the same blocks as the Word file,
gaps in bold brackets, the trail as tables."""

from __future__ import annotations

from .model import FIGURE, GAP, SOURCE, STATE_VI, WHAT_VI, Draft, Run


def _escape(text: str) -> str:
    for ch in ("\\", "*", "_", "`", "|"):
        text = text.replace(ch, "\\" + ch)
    return text


def _inline(runs: list[Run], refs: bool) -> str:
    out = []
    for r in runs:
        t = _escape(r.text)
        if r.kind == GAP:
            out.append(f"**{t}**")
        elif r.kind == SOURCE:
            out.append(f"***{t.strip()}*** ")
        elif r.kind == FIGURE and refs:
            out.append(f"{t}<sup>{r.ref}</sup>")
        else:
            out.append(t)
    return "".join(out)


def _table(head: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(_escape(c).replace("\n", " ") for c in row) + " |" for row in rows]
    return lines


def to_markdown(draft: Draft, *, trail: bool = True, refs: bool = False) -> str:
    h = draft.header
    lines = [
        f"**{h['authority']}**" + (f" — **{h['authority2']}**" if h.get("authority2") else ""),
        f"{h['number']}",
        "",
        f"**{h['nation']}** — **{h['motto']}**",
        f"*{h['date']}*",
        "",
        f"# {draft.title[0]}",
        f"## {draft.title[1]}",
        "",
    ]
    for b in draft.blocks:
        text = _inline(b.runs, refs)
        if b.kind == "part":
            lines += [f"## {text}", ""]
        elif b.kind == "section":
            lines += [f"### {text}", ""]
        elif b.kind == "text":
            lines += [f"> {text}", ""]
        else:
            lines += [text, ""]
    c = draft.closing
    lines += ["**Nơi nhận:**", *[f"- {_escape(r)}" for r in c.get("recipients", [])], ""]
    lines += [f"**{c.get('on_behalf', '')}**  ", f"**{c.get('signer_title', '')}**  "]
    if c.get("signer"):
        lines.append(f"**{c['signer']}**")
    lines.append("")
    if trail:
        lines += ["---", "", "## Phụ lục: nguồn của các số liệu", ""]
        if draft.changes:
            lines += [f"### Số liệu thay đổi so với bản trước ({draft.previous_at})", ""]
            lines += _table(
                ["Chỉ tiêu", "Số liệu", "Bản trước", "Bản này"],
                [
                    [x.name, x.key.split("/")[1], x.before or "(chưa có)", x.after or "(không còn)"]
                    for x in draft.changes
                ],
            )
            lines.append("")
        lines += ["### 1. Số liệu và ô trong bảng tổng hợp", ""]
        lines += _table(
            ["TT", "Số liệu", "Chỉ tiêu", "Loại", "Ô", "Đơn vị"],
            [
                [
                    str(f.id),
                    f.text,
                    f"{f.name} ({f.indicator})",
                    WHAT_VI.get(f.what, f.what),
                    f"'{f.sheet}'!{f.cell}",
                    ", ".join(f.units),
                ]
                for f in draft.figures
            ],
        )
        lines += ["", "### 2. Báo cáo của các đơn vị", ""]
        lines += _table(
            ["Mã", "Đơn vị", "Tình trạng", "Tệp", "Phiên bản", "Nhận lúc"],
            [
                [
                    s.unit,
                    s.name,
                    STATE_VI.get(s.state, s.state) + (" — gửi muộn" if s.late else ""),
                    s.file,
                    "" if s.version is None else str(s.version),
                    s.received_at,
                ]
                for s in draft.sources
            ],
        )
    return "\n".join(lines).rstrip() + "\n"
