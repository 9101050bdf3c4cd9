"""What people print, printed: a ward's form, a department's form, a feedback copy and every
sheet of the master, converted to PDF by LibreOffice and read back (pdftotext -bbox-layout)
as a person reads the paper: no page without content, no text printed over other text, the
master's main sheet at 9 pt or more, the Nghị định 30 header where it belongs, and no
heading left alone at the bottom of a page.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import pytest
from pdfpages import Page, available, overlaps, read_pdf
from test_master import q2_submissions

from toolkit.forms import write_form
from toolkit.forms.layout import plan_form
from toolkit.libreoffice import convert_many
from toolkit.master import layout as L
from toolkit.master.build import build_master
from toolkit.master.preview import seed_submissions
from toolkit.periods import Period
from toolkit.validate import validate_file
from toolkit.validate.feedback import write_feedback
from toolkit.validate.feedback_list import FEEDBACK_SHEET, HEAD
from toolkit.workspace import Workspace

Q1 = Period.parse("2024-Q1")
NOW = datetime(2024, 3, 21, 8, 0)
ND30 = ["ỦY BAN NHÂN DÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]

pytestmark = pytest.mark.skipif(not available(), reason="pdftotext (poppler-utils) is not installed")


@pytest.fixture(scope="module")
def artefacts(sample, tmp_path_factory) -> dict[str, Path]:
    """Every artefact, written once."""
    out = tmp_path_factory.mktemp("render")
    files: dict[str, Path] = {}
    r = build_master(sample, "2024-Q1", seed_submissions(sample), out / "master.xlsx", now=NOW)
    assert r.written
    files["master"] = r.path
    # a Q2 master with the units' year-to-date and same-period sheets (tests/data/master)
    mini = Workspace.open(Path(__file__).parent / "data" / "master")
    r2 = build_master(mini, "2024-Q2", q2_submissions(), out / "master-q2.xlsx", now=NOW)
    assert r2.written
    files["master-q2"] = r2.path
    files["ward"] = write_form(sample, "P1", Q1, out / "ward.xlsx").path
    files["department"] = write_form(sample, "CA", Q1, out / "department.xlsx").path
    # a return with the mistakes clerks make, and its annotated copy
    plan = plan_form(sample, sample.units["P3"], Q1)
    values = sorted(k for k in plan.inputs() if k[1] == "value")
    fill: dict = {key: 10 for key in values}
    fill[values[0]] = "1.234,5 ha"  # a number typed with its unit
    fill[values[1]] = None  # left empty
    fill[values[2]] = 0.9986  # shown as typed, not as 1,00
    ret = write_form(sample, "P3", Q1, out / "return.xlsx", fill=fill).path
    report = validate_file(ret, sample)
    assert report.findings
    files["feedback"] = write_feedback(report, ret, out / "feedback")
    return files


@pytest.fixture(scope="module")
def pdfs(artefacts, soffice) -> dict[str, list[Page]]:
    """Every artefact printed by LibreOffice in one start."""
    pdf = convert_many(list(artefacts.values()), "pdf", next(iter(artefacts.values())).parent / "pdf")
    return {name: read_pdf(p) for name, p in zip(artefacts, pdf, strict=True)}


@pytest.mark.parametrize("artefact", ["master", "master-q2", "ward", "department", "feedback"])
def test_times_new_roman_of_its_own(artefacts, artefact):
    """Every font is named, none tied to the theme (whose minor font, Calibri, Excel would show)."""
    import zipfile

    with zipfile.ZipFile(artefacts[artefact]) as z:
        styles = z.read("xl/styles.xml").decode()
    section = re.search(r"<fonts\b.*?</fonts>", styles, re.S)
    assert section is not None
    fonts = re.findall(r"<font>.*?</font>|<font/>", section.group(0), re.S)
    assert fonts and all('<name val="Times New Roman"/>' in f for f in fonts), fonts
    assert '<scheme val="minor"/>' not in styles


def sheet_of(page: Page) -> str:
    """The sheet a page belongs to: the master's footers name it."""
    return page.footer.split(" Trang")[0].strip()


@pytest.mark.parametrize("artefact", ["master", "master-q2", "ward", "department", "feedback"])
def test_every_page_has_content_and_no_text_overprints(pdfs, artefact):
    pages = pdfs[artefact]
    assert pages
    for p in pages:
        assert p.body, f"{artefact}: page {p.number} is empty"
        bad = overlaps(p)
        assert not bad, f"{artefact}: page {p.number}: {[(a.text, b.text) for a, b in bad[:5]]}"


def test_every_sheet_of_the_master_prints_with_page_numbers(pdfs):
    pages = pdfs["master"]
    sheets = {sheet_of(p) for p in pages}
    assert {L.SUMMARY, L.TARGETS, L.STATUS, L.CHART, L.DATA, L.UNIT_SAME} <= sheets
    n = len(pages)
    assert all(f"Trang {p.number}/{n}" in p.footer for p in pages)


def test_every_sheet_of_a_q2_master_prints(pdfs):
    pages = pdfs["master-q2"]
    sheets = {sheet_of(p) for p in pages}
    assert {L.SUMMARY, L.TARGETS, L.STATUS, L.CHART, L.DATA, L.UNIT_YTD, L.UNIT_SAME} <= sheets
    smallest = min(ln.size for p in pages if sheet_of(p) == L.SUMMARY for ln in p.body)
    assert round(smallest, 2) >= 9.0, smallest  # measured from line boxes: 9 pt reads as 8,9999


def test_the_master_main_sheet_is_readable_on_a4(pdfs):
    main = [p for p in pdfs["master"] if sheet_of(p) == L.SUMMARY]
    assert all(p.width > p.height for p in main)  # landscape
    assert round(main[0].width) == 842 and round(main[0].height) == 595  # A4
    smallest = min(ln.size for p in main for ln in p.body)
    assert round(smallest, 2) >= 9.0, smallest  # measured from line boxes: 9 pt reads as 8,9999
    # the indicators' codes and the units' names are whole, not clipped
    text = " ".join(" ".join(p.text for p in main).split())
    for unit in ("Phường 1", "Xã Vĩnh Quới", "Chi cục Thống kê"):
        assert unit in text


def test_the_master_is_an_official_document(pdfs):
    first = pdfs["master"][0].text
    for s in [*ND30, "THỊ XÃ NGÃ NĂM", "/BC-UBND", "Ngã Năm, ngày 21 tháng 3 năm 2024"]:
        assert s in first, s
    assert "BẢNG TỔNG HỢP CHỈ TIÊU KINH TẾ - XÃ HỘI QUÝ I NĂM 2024" in first
    main = [p for p in pdfs["master"] if sheet_of(p) == L.SUMMARY]
    signed = [p for p in main if "NGƯỜI LẬP BIỂU" in p.text]
    assert len(signed) == 1 and "TM. ỦY BAN NHÂN DÂN" in signed[0].text and "CHỦ TỊCH" in signed[0].text
    # the signatures are not alone on their page: the table's last rows are with them
    assert len(signed[0].body) > 20


def test_the_chart_says_what_it_shows(pdfs):
    chart = "\n".join(p.text for p in pdfs["master"] if sheet_of(p) == L.CHART)
    assert "% đạt chỉ tiêu tỉnh giao và chỉ tiêu Nghị quyết" in chart
    assert "% thực hiện so với chỉ tiêu năm" in chart


@pytest.mark.parametrize("artefact", ["ward", "department"])
def test_forms_header_and_no_heading_ends_a_page(pdfs, sample, artefact):
    pages = pdfs[artefact]
    for s in [*ND30, "BIỂU BÁO CÁO SỐ LIỆU KINH TẾ - XÃ HỘI QUÝ I NĂM 2024"]:
        assert s in pages[0].text, s
    unit = "P1" if artefact == "ward" else "CA"
    plan = plan_form(sample, sample.units[unit], Q1)
    headings = [r.text for r in plan.rows if r.kind in ("section", "group")]
    seen = 0
    for p in pages:
        body = p.body
        for ln in body:
            if not any(ln.text == h or (len(ln.text) >= 12 and h.startswith(ln.text)) for h in headings):
                continue
            seen += 1
            heading = next(h for h in headings if ln.text == h or h.startswith(ln.text))
            below = [x for x in body if x.y0 > ln.y1 - 1 and x.text not in heading]
            assert below, f"{artefact}: page {p.number} ends with the heading {ln.text!r}"
    assert seen >= len(headings)


def test_the_feedback_copy_speaks_to_the_clerk(pdfs):
    pages = pdfs["feedback"]
    first = " ".join(pages[0].text.split())
    assert FEEDBACK_SHEET in pages[0].footer
    for words in (*HEAD["vi"], "Lỗi", "Cảnh báo", "Ô nhập số liệu", "cần sửa rồi gửi lại"):
        assert all(w in first for w in words.split()), words  # titles may wrap
    # the typed value is printed as typed in the form
    assert any("0.9986" in p.text or "0,9986" in p.text for p in pages[1:])
