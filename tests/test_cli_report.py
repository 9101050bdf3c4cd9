"""`baocao report`: the command, Markdown, and what a regenerated draft says changed."""

from __future__ import annotations

from datetime import date, datetime

from conftest import run
from docx import Document
from test_master_seed import seed_submissions

from toolkit.master import Submission
from toolkit.records import ValueRecord
from toolkit.report import build_report


def test_report_command_without_returns_writes_a_draft_full_of_gaps(workspace):
    res = run("report", "--period", "2024-Q1", "--date", "2024-03-25", ws=workspace)
    assert res.exit_code == 0, res.output
    path = workspace.root / "output" / "report" / "bao-cao-2024-Q1.docx"
    assert path.is_file()
    assert "Dự thảo báo cáo:" in res.output and "report-gaps" in res.output
    doc = Document(str(path))
    body = "\n".join(p.text for p in doc.paragraphs)
    assert "[chưa có số liệu: Phường 1, Phường 2" in body
    assert "Phần II: nhiệm vụ chủ yếu quý II" in body
    highlighted = [r for p in doc.paragraphs for r in p.runs if r.font.highlight_color is not None]
    assert highlighted and all(r.text.startswith("[") for r in highlighted)
    assert (workspace.root / "output" / "master" / "tong-hop-2024-Q1.xlsx").is_file()


def test_markdown_on_stdout_and_usage_errors(workspace):
    res = run("report", "--period", "2024-Q1", "--format", "md", "--date", "2024-04-05", ws=workspace)
    assert res.exit_code == 0, res.output
    assert "# BÁO CÁO" in res.stdout
    assert "## I. TÌNH HÌNH KINH TẾ - XÃ HỘI QUÝ I NĂM 2024" in res.stdout
    assert "*Ngã Năm, ngày      tháng 4 năm 2024*" in res.stdout
    assert "| TT | Số liệu | Chỉ tiêu |" in res.stdout
    assert "report-gaps" not in res.stdout  # findings go to stderr, the draft alone to stdout
    bad = run("report", "--period", "2024-Q9", ws=workspace)
    assert bad.exit_code == 2


def _corrected(subs: list[Submission], unit: str, code: str, value: float) -> list[Submission]:
    out = []
    for s in subs:
        if s.unit == unit:
            vals = [
                ValueRecord(
                    v.unit,
                    v.period,
                    v.indicator,
                    v.column,
                    value if v.indicator == code else v.value,
                    v.sheet,
                    v.cell,
                    "sua-lai.xlsx",
                    2,
                )
                for v in s.values
            ]
            s = Submission(unit, vals, version=2, sha256="v2", received_at=datetime(2024, 3, 21, 10, 0))
        out.append(s)
    return out


def test_regenerating_after_a_correction_shows_what_changed(workspace, tmp_path):
    sample = workspace
    subs = [s for s in seed_submissions(sample) if s.unit != "QS"]
    out = tmp_path / "bao-cao.docx"
    first = build_report(sample, "2024-Q1", subs, out, today=date(2024, 3, 25), now=datetime(2024, 3, 25, 9))
    assert first.written and first.draft.changes == []
    assert any("Ban Chỉ huy Quân sự thị xã chưa gửi" in g for g in first.draft.gaps)
    # Quân sự sends its return; Phường 1 corrects its livestock figure (version 2, after the deadline)
    p1 = next(s for s in subs if s.unit == "P1")
    herd = next(v.value for v in p1.values if v.indicator == "NN.DAN_GIA_SUC" and v.column == "value")
    subs2 = _corrected(subs, "P1", "NN.DAN_GIA_SUC", herd + 100) + [
        s for s in seed_submissions(sample) if s.unit == "QS"
    ]
    second = build_report(sample, "2024-Q1", subs2, out, today=date(2024, 3, 25), now=datetime(2024, 3, 26, 9))
    changes = {c.key: c for c in second.draft.changes}
    herd_change = changes["NN.DAN_GIA_SUC/value"]
    assert (herd_change.before, herd_change.after) == ("25.607 con", "25.707 con")
    assert changes["NN.DAN_GIA_SUC/pct_province"].before == "47,90%"
    assert changes["QS.NHAP_NGU/value"].before == "" and changes["QS.NHAP_NGU/value"].after
    assert not any("Ban Chỉ huy Quân sự thị xã chưa gửi" in g for g in second.draft.gaps)
    assert "report-changed" in [f.code for f in second.findings]
    sources = {s.unit: s for s in second.draft.sources}
    assert (sources["P1"].version, sources["P1"].file, sources["P1"].late) == (2, "sua-lai.xlsx", True)
    assert "gửi báo cáo sau hạn (20/03/2024): Phường 1" in second.draft.text()
    doc = Document(str(out))
    tables = [[c.text for c in t.rows[0].cells] for t in doc.tables]
    assert ["Chỉ tiêu", "Số liệu", "Bản trước", "Bản này"] in tables
    green = [
        r.text
        for p in doc.paragraphs
        for r in p.runs
        if r.font.highlight_color is not None and not r.text.startswith("[")
    ]
    assert "25.707 con" in green


def test_the_docs_picture_tool_imports_and_adds_the_demo_texts(sample):
    from toolkit.master.preview import seed_submissions
    from toolkit.periods import Period
    from toolkit.report.preview import OUT, with_texts

    assert OUT.name == "report-first-page.png" and OUT.parent.name == "img"
    subs = with_texts(sample, Period.parse("2024-Q1"), seed_submissions(sample))
    pkt = next(s for s in subs if s.unit == "PKT")
    assert any("7.600 - 8.800 đ/kg" in t.text for t in pkt.report.texts)
