"""build_report: the period's report drafted from the master, written as Word or Markdown."""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ..findings import Finding, Severity, make
from ..findings import report as report_codes
from ..intake.approval import approval_of
from ..master import MasterResult, build_master
from ..periods import Period
from ..workspace import Workspace
from . import trail
from .docx_layout import write_docx
from .draft import TextSource, compose
from .markdown import to_markdown
from .model import Draft
from .narrative import UnitTexts

FORMATS = ("docx", "md")


def report_path(ws: Workspace, period: Period, fmt: str = "docx") -> Path:
    return ws.output / "report" / f"bao-cao-{period.code}.{fmt}"


@dataclass
class ReportResult:
    period: str
    format: str = "docx"
    path: Path | None = None
    written: bool = False
    master: MasterResult | None = None
    draft: Draft | None = None
    markdown: str = ""
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.written and not any(f.severity is Severity.ERROR for f in self.findings)

    def summary_lines(self, lang: str = "vi") -> list[str]:
        vi = lang != "en"
        out: list[str] = []
        if self.master is not None and self.master.path:
            out.append(f"Bảng tổng hợp: {self.master.path}" if vi else f"Master workbook: {self.master.path}")
        if self.written and self.path:
            out.append(f"Dự thảo báo cáo: {self.path}" if vi else f"Report draft: {self.path}")
        d = self.draft
        if d is not None:
            out.append(
                f"Số liệu nêu trong dự thảo: {len(d.figures)}; chỗ cần bổ sung: {len(d.gaps)}"
                if vi
                else f"Figures stated: {len(d.figures)}; gaps to fill: {len(d.gaps)}"
            )
            for c in d.changes[:20]:
                out.append(f"  {c.name} ({c.key.split('/')[1]}): {c.before or '—'} → {c.after or '—'}")
            if len(d.changes) > 20:
                out.append(f"  … (+{len(d.changes) - 20})")
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "period": self.period,
            "format": self.format,
            "path": str(self.path) if self.path else None,
            "written": self.written,
            "master": str(self.master.path) if self.master and self.master.path else None,
            "findings": [f.to_dict() for f in self.findings],
            "draft": self.draft.to_dict() if self.draft else None,
        }


def build_report(
    ws: Workspace,
    period: Period | str,
    submissions: Iterable[Any] | None = None,
    out: Path | None = None,
    *,
    fmt: str = "docx",
    master: MasterResult | None = None,
    texts: TextSource | None = None,
    today: date | None = None,
    now: datetime | None = None,
) -> ReportResult:
    """Draft the report of ``period``; never raises on bad input.

    The figures come from ``master`` when given, else from :func:`build_master` (which
    writes the period's master workbook, so that the trail's cells are in the file beside
    the draft). ``fmt``: ``docx`` writes ``out`` (default ``output/report/bao-cao-<period>.docx``);
    ``md`` writes ``out`` when given and always returns the text in ``ReportResult.markdown``.
    The draft's figures are kept in ``<name>.trail.json`` next to the default docx; the next
    draft lists what changed since.
    """
    period = Period.parse(period) if isinstance(period, str) else period
    now = now or datetime.now()
    result = ReportResult(period=period.code, format=fmt)
    if master is None:
        master = _master(ws, period, submissions, now, result)
        result.findings.extend(master.findings)
    result.master = master
    if not master.rows:
        result.findings.append(make(report_codes.MASTER_FAILED))
        return result
    texts = texts if texts is not None else _texts_of(ws, period, master)
    draft = compose(ws, period, master, today=today or now.date(), texts=texts)
    result.draft = draft

    target = Path(out) if out else (report_path(ws, period, "docx") if fmt == "docx" else None)
    trail_file = trail.trail_path(target if fmt == "docx" and target else report_path(ws, period, "docx"))
    previous = trail.load_previous(trail_file)
    if previous is not None:
        draft.changes = trail.compare(previous, draft)
        draft.previous_at = str(previous.get("written_at", "")).replace("T", " ")
        if draft.changes:
            keys = ", ".join(c.name for c in draft.changes[:5]) + (" …" if len(draft.changes) > 5 else "")
            result.findings.append(make(report_codes.CHANGED, count=len(draft.changes), value=keys))
    if draft.gaps:
        distinct = list(dict.fromkeys(g.strip("[]") for g in draft.gaps))
        shown = "; ".join(distinct[:3]) + (" …" if len(distinct) > 3 else "")
        result.findings.append(make(report_codes.GAPS, count=len(draft.gaps), value=shown))

    if fmt == "md":
        result.markdown = to_markdown(draft)
    if target is None:
        result.written = True
    else:
        try:
            if fmt == "docx":
                write_docx(draft, target)
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(result.markdown, encoding="utf-8")
        except PermissionError:
            result.findings.append(make(report_codes.FILE_IN_USE, file=str(target)))
            return result
        except OSError as e:
            result.findings.append(make(report_codes.WRITE_FAILED, file=str(target), detail=e.strerror or str(e)))
            return result
        result.written, result.path = True, target
    try:
        trail.save(trail_file, draft, now)
    except OSError as e:
        result.findings.append(make(report_codes.WRITE_FAILED, file=str(trail_file), detail=e.strerror or str(e)))
    return result


def _master(
    ws: Workspace, period: Period, submissions: Iterable[Any] | None, now: datetime, result: ReportResult
) -> MasterResult:
    """The period's master, built as consolidate builds it. An approved period's master is
    frozen (never rewritten): its figures are drawn again from the same returns, which the
    approval froze too, into a scratch file, and the trail points at the approved master."""
    approved = approval_of(ws, period) if submissions is None else None
    frozen = ws.master_path(period)
    if approved is None or not frozen.exists():
        return build_master(ws, period, submissions, now=now)
    with tempfile.TemporaryDirectory(prefix="baocao-report-") as tmp:
        master = build_master(ws, period, None, Path(tmp) / frozen.name, now=now)
    if master.written:
        master.path = frozen
    result.findings.append(make(report_codes.APPROVED_MASTER, period=period.code, file=str(frozen)))
    return master


def _texts_of(ws: Workspace, period: Period, master: MasterResult) -> TextSource:
    """The units' texts of the returns the master included."""
    return UnitTexts(ws, period, master)
