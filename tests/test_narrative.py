"""The units' texts: the form's "Thuyết minh" sheet, its validation, and the draft that
assembles the texts under their headings."""

from __future__ import annotations

import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
import yaml
from conftest import run
from openpyxl import load_workbook
from test_master_seed import seed_submissions

from toolkit.demo import seed_texts, simulate_returns
from toolkit.forms import write_form
from toolkit.libreoffice import convert
from toolkit.master import Submission, build_master
from toolkit.narrative import NARRATIVE_SHEET, TextRecord, plan_blocks
from toolkit.periods import Period
from toolkit.records import FileReport
from toolkit.report import build_report
from toolkit.report.narrative import UnitTexts, texts_markdown
from toolkit.validate import validate_file, validate_paths, write_feedback
from toolkit.workspace import Workspace

Q1 = Period.parse("2024-Q1")
RICE = (
    "Giá lúa được thương lái thu mua tại ruộng dao động từ 7.600 - 8.800 đ/kg;\n"
    "khuyến cáo người dân xã Vĩnh Quới phòng, chống xâm nhập mặn (độ mặn 0,2-0,6‰)."
)


def _cell(ws: Workspace, unit: str, key: tuple[str, str, str]) -> str:
    from toolkit.forms.narrative_sheet import place

    blocks, _ = place(plan_blocks(ws, ws.units[unit], Q1), {s.code: s.name for s in ws.catalog.sections.values()})
    return next(b.cell for b in blocks if b.key == key)


def test_the_form_asks_per_group_and_per_part(sample):
    blocks = plan_blocks(sample, sample.units["PKT"], Q1)
    keys = [b.key for b in blocks]
    # each group of the unit's indicators, then the section's difficulties and tasks
    assert keys == [
        ("KT", "Sản xuất lúa", "results"),
        ("KT", "Nông thôn mới, OCOP", "results"),
        ("KT", "Môi trường", "results"),
        ("KT", "", "difficulties"),
        ("KT", "", "tasks"),
    ]
    assert all(b.limit == 1500 and b.prompt for b in blocks)
    assert "quý II" in blocks[-1].prompt


def test_a_form_with_texts_round_trips_through_libreoffice(sample, soffice, tmp_path):
    texts = {("KT", "Sản xuất lúa", "results"): RICE, ("KT", "", "tasks"): "Xuống giống dứt điểm vụ Hè Thu."}
    src = tmp_path / "pkt.xlsx"
    write_form(sample, "PKT", Q1, src, texts=texts)
    wb = load_workbook(src)
    assert wb.sheetnames == ["Biểu số liệu", NARRATIVE_SHEET, "Hướng dẫn", "_baocao"]
    sh = wb[NARRATIVE_SHEET]
    assert sh.protection.sheet
    cell = _cell(sample, "PKT", ("KT", "Sản xuất lúa", "results"))
    assert sh[cell].value == RICE and sh[cell].protection.locked is False
    assert sh["A6"].protection.locked is not False  # the topic is locked
    resaved = convert(src, "xlsx", tmp_path / "lo")
    rep = validate_file(resaved, sample)
    assert rep.unit == "PKT" and rep.period == "2024-Q1"
    assert not [f for f in rep.findings if f.code in ("sheet-added", "fingerprint-mismatch", "locked-content-changed")]
    got = {(t.section, t.group, t.part): t.text for t in rep.texts}
    assert got == texts
    assert {t.cell for t in rep.texts} >= {cell}
    # and the original too, from xlsxwriter's own file
    assert {(t.section, t.group, t.part): t.text for t in validate_file(src, sample).texts} == texts


def _narrative_workspace(workspace: Workspace, limit: int = 120) -> Workspace:
    p = workspace.definitions / "workspace.yaml"
    doc = yaml.safe_load(p.read_text(encoding="utf-8"))
    doc["narrative"] = {"limit": limit, "required": ["tasks"]}
    p.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return Workspace.open(workspace.root)


def test_text_that_breaks_a_rule_is_found_at_its_cell(workspace, tmp_path):
    ws = _narrative_workspace(workspace)
    long_key, bell_key = ("KT", "Sản xuất lúa", "results"), ("KT", "Môi trường", "results")
    src = tmp_path / "pkt.xlsx"
    write_form(ws, "PKT", Q1, src, texts={long_key: "Lúa " * 40, bell_key: "Nước\x07 sạch\u200b"})
    # a formula typed into a text block, as a clerk pasting from another sheet would
    wb = load_workbook(src)
    formula_cell = _cell(ws, "PKT", ("KT", "Nông thôn mới, OCOP", "results"))
    wb[NARRATIVE_SHEET][formula_cell] = '="OCOP "&A1'
    edited = tmp_path / "pkt-edited.xlsx"
    wb.save(edited)
    for path, formula in ((src, False), (edited, True)):
        rep = validate_file(path, ws)
        found = {f.code: f for f in rep.findings if f.code.startswith("text-")}
        assert found["text-too-long"].cell == _cell(ws, "PKT", long_key)
        assert found["text-too-long"].sheet == NARRATIVE_SHEET and "159" in found["text-too-long"].message_vi
        assert found["text-control-chars"].cell == _cell(ws, "PKT", bell_key)
        assert found["text-required-empty"].cell == _cell(ws, "PKT", ("KT", "", "tasks"))
        assert (
            "nhiệm vụ" in found["text-required-empty"].message_vi.lower()
            or "Kinh tế" in found["text-required-empty"].message_vi
        )
        if formula:
            assert found["text-formula"].cell == formula_cell
        texts = {t.group: t.text for t in rep.texts}
        assert texts["Môi trường"] == "Nước sạch"  # control characters removed
        assert texts["Sản xuất lúa"] == ("Lúa " * 40).strip()  # too long: kept whole, flagged
        assert "Nông thôn mới, OCOP" not in texts  # a formula is not used
        assert all(f.severity.value == "warning" for f in found.values())


def test_texts_are_listed_in_the_feedback_copy(workspace, tmp_path):
    ws = _narrative_workspace(workspace)
    src = tmp_path / "pkt.xlsx"
    write_form(ws, "PKT", Q1, src, texts={("KT", "Sản xuất lúa", "results"): "Lúa " * 40})
    rep = validate_file(src, ws)
    out = write_feedback(rep, src, tmp_path / "fb")
    wb = load_workbook(out)
    listing = [[c.value for c in row] for row in wb.worksheets[0].iter_rows()]
    flat = "\n".join(str(v) for row in listing for v in row if v is not None)
    assert "text-too-long" in flat and "text-required-empty" in flat
    assert NARRATIVE_SHEET in flat
    # the unit's own text is still in its copy, on its sheet
    assert wb[NARRATIVE_SHEET][_cell(ws, "PKT", ("KT", "Sản xuất lúa", "results"))].value.startswith("Lúa Lúa")


def test_texts_are_archived_with_the_version(workspace, tmp_path):
    from toolkit.intake import current_submissions, intake

    write_form(
        workspace, "PKT", Q1, workspace.inbox / "pkt.xlsx", texts={("KT", "", "tasks"): "Xuống giống vụ Hè Thu."}
    )
    intake(workspace, jobs=1)
    (cur,) = [c for c in current_submissions(workspace, Q1) if c.unit == "PKT"]
    assert [(t.part, t.text, t.cell) for t in cur.report.texts] == [
        ("tasks", "Xuống giống vụ Hè Thu.", _cell(workspace, "PKT", ("KT", "", "tasks")))
    ]
    # the export per period, from the archive

    out = tmp_path / "thuyet-minh.md"
    res = run("texts", "--period", "2024-Q1", "-o", str(out), ws=workspace)
    assert res.exit_code == 0, res.output
    md = out.read_text(encoding="utf-8")
    tasks = md.split("## Nhiệm vụ quý II năm 2024")[1]
    assert "### 1. Kinh tế" in tasks and "**Phòng Kinh tế** (pkt.xlsx, phiên bản 1):" in tasks
    assert "> Xuống giống vụ Hè Thu." in tasks


def _with_texts(subs: list[Submission], texts: dict[str, list[tuple[str, str, str, str]]]) -> list[Submission]:
    out = []
    for s in subs:
        recs = [TextRecord(s.unit, "2024-Q1", sec, grp, part, text) for sec, grp, part, text in texts.get(s.unit, [])]
        report = FileReport(path=f"{s.unit}.xlsx", unit=s.unit, period="2024-Q1", values=s.values, texts=recs)
        out.append(Submission(s.unit, s.values, report=report, received_at=s.received_at))
    return out


def test_the_draft_puts_three_units_texts_under_their_headings(sample, tmp_path):
    texts = {
        "TNMT": [("KT", "Đất đai", "results", "Thực hiện tốt các thủ tục hành chính về đất đai.")],
        "PKT": [
            ("KT", "Sản xuất lúa", "results", RICE),
            ("KT", "", "tasks", "Theo dõi chỉ đạo thu hoạch vụ lúa Đông Xuân."),
        ],
        "VQ": [
            ("KT", "Sản xuất lúa", "results", "Đo độ mặn trên các tuyến kênh."),
            ("KT", "", "difficulties", "Xâm nhập mặn sớm."),
        ],
    }
    subs = _with_texts(seed_submissions(sample), texts)
    master = build_master(sample, Q1, subs, tmp_path / "m.xlsx", now=datetime(2024, 3, 25))
    r = build_report(sample, Q1, out=tmp_path / "r.docx", master=master, today=date(2024, 3, 25))
    blocks = r.draft.blocks
    kinds = [(b.kind, b.group, b.text) for b in blocks]

    def at(pred) -> int:
        return next(n for n, k in enumerate(kinds) if pred(k))

    rice_para = at(lambda k: k[0] == "para" and k[1] == "Sản xuất lúa")
    land_para = at(lambda k: k[0] == "para" and k[1] == "Đất đai")
    vq = at(lambda k: k[0] == "text" and "Đo độ mặn" in k[2])
    pkt = at(lambda k: k[0] == "text" and "7.600 - 8.800 đ/kg" in k[2])
    tnmt = at(lambda k: k[0] == "text" and "thủ tục hành chính về đất đai" in k[2])
    # after its group's figure clauses, before the next group; wards first (the master's order)
    assert rice_para < vq < pkt < rice_para + 4 < land_para < tnmt
    assert kinds[vq][2].startswith("[Xã Vĩnh Quới] ") and kinds[pkt][2].startswith("[Phòng Kinh tế] ")
    assert kinds[tnmt][2].startswith("[Phòng Tài nguyên và Môi trường] ")
    # the second line of a text is its own paragraph
    assert kinds[pkt + 1][2].startswith("khuyến cáo người dân")
    hard = at(lambda k: k[2].startswith("Tuy nhiên, bên cạnh"))
    part2 = at(lambda k: k[0] == "part" and k[2].startswith("II."))
    assert hard < at(lambda k: "[Xã Vĩnh Quới] Xâm nhập mặn sớm." == k[2]) < part2
    task = at(lambda k: "[Phòng Kinh tế] Theo dõi chỉ đạo thu hoạch" in k[2])
    assert kinds[part2 + 1][:1] == ("section",) and kinds[part2 + 1][2] == "1. Kinh tế" and task == part2 + 2
    assert not any("Phần II: nhiệm vụ chủ yếu" in g for g in r.draft.gaps)
    # the units that sent no text are named, highlighted, once per section they write on
    silent = [g for g in r.draft.gaps if g.startswith("[Chưa có thuyết minh của:")]
    assert silent and "Phường 1" in silent[0] and "Phòng Kinh tế" not in " ".join(silent)
    # and the Word file says the same
    from docx import Document

    body = [p.text for p in Document(str(r.path)).paragraphs]
    assert body.index("1. Kinh tế") < body.index(kinds[vq][2]) < body.index(kinds[pkt][2])
    md = texts_markdown(sample, Q1, UnitTexts(sample, Q1, master))
    assert md.index("#### Sản xuất lúa") < md.index("**Xã Vĩnh Quới**") < md.index("**Phòng Kinh tế**")
    assert "## Đơn vị chưa gửi thuyết minh" in md


def test_the_demo_returns_carry_the_seed_prose_and_the_draft_shows_it(workspace, tmp_path):
    texts = seed_texts(workspace)
    assert "7.600 - 8.800 đ/kg" in texts["PKT"][("KT", "Sản xuất lúa", "results")]
    inbox = tmp_path / "inbox"
    simulate_returns(workspace, Q1, inbox)
    files = sorted(p for p in inbox.glob("*.xlsx") if not p.name.startswith("~$"))
    reports = [r for r in validate_paths(files, workspace, jobs=1) if r.unit]
    subs = [Submission(r.unit, r.values, report=r, valid=r.valid, errors=r.errors) for r in reports]
    pkt = next(r for r in reports if r.unit == "PKT")
    assert {(t.section, t.group, t.part) for t in pkt.texts} == set(texts["PKT"])
    master = build_master(workspace, Q1, subs, tmp_path / "m.xlsx", now=datetime(2024, 3, 25))
    r = build_report(workspace, Q1, out=tmp_path / "r.docx", master=master, today=date(2024, 3, 25))
    text = r.draft.text()
    assert "[Phòng Kinh tế] Thị xã tập trung chỉ đạo sản xuất thắng lợi vụ lúa Đông Xuân" in text
    rice = text.index("- Sản xuất lúa:")
    assert rice < text.index("[Phòng Kinh tế] Thị xã tập trung") < text.index("- Về sản xuất màu")
    assert "[Phòng Giáo dục và Đào tạo] Tổ chức kiểm tra chất lượng học kỳ II" in text.split("II. MỘT SỐ NHIỆM VỤ")[1]


def test_forms_without_a_text_sheet_still_validate(sample, tmp_path):
    """A form made before the sheet existed (no narrative_map in its identity) has no texts."""
    src = tmp_path / "p1.xlsx"
    write_form(sample, "P1", Q1, src)
    with zipfile.ZipFile(src) as z:
        names = z.namelist()
    assert any(n.startswith("xl/worksheets/") for n in names)
    rep = validate_file(src, sample)
    assert rep.texts == [] and not [f for f in rep.findings if f.code.startswith("text-")]


@pytest.mark.parametrize("unit", ["P1", "CA"])
def test_the_text_sheet_keeps_the_gate_fast_path(sample, tmp_path, unit):
    from toolkit.gate import read_workbook

    src = tmp_path / f"{unit}.xlsx"
    write_form(sample, unit, Q1, src, texts={("QPAN", "", "tasks"): "Tuần tra, kiểm soát."})
    res = read_workbook(str(src))
    assert res.book is not None and not [f for f in res.findings if f.severity.value == "error"]
    assert NARRATIVE_SHEET in res.book.sheet_names
    assert Path(src).stat().st_size < 60_000
