"""The draft from the seed's figures states every figure part I of the seed states.

Table-driven from tests/data/seed_q1_2024.yaml (the same table the master's test uses):
returns carrying the seed's figures (split across the wards as clerks type them) are
consolidated, the report is drafted from that master, and for every indicator of the
table the draft must state its figure, and every percentage the seed states (attainment
of each target, change against the same period, printed rates), at the seed's precision
or at two decimals. Figures the seed itself gets wrong must not be copied. The Word file
is read back with python-docx and converted to PDF by LibreOffice.
"""

from __future__ import annotations

import shutil
import subprocess
from datetime import date, datetime

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm
from test_master_seed import SEED, WRONG_RATES, WRONG_WHOLES, seed_submissions

from toolkit.libreoffice import convert
from toolkit.master import build_master
from toolkit.numbers import round_half_up, truncate
from toolkit.report import build_report
from toolkit.workspace import Workspace

PERIOD = SEED["period"]
SAMPLE = Workspace.sample()
STATED = [e for e in SEED["indicators"] if not e.get("invented") and e["code"] in SAMPLE.catalog]


@pytest.fixture(scope="module")
def seed_report(tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    master = build_master(SAMPLE, PERIOD, seed_submissions(SAMPLE), out / "tong-hop.xlsx", now=datetime(2024, 3, 25))
    assert master.written
    result = build_report(SAMPLE, PERIOD, out=out / "bao-cao.docx", master=master, today=date(2024, 3, 25))
    assert result.written, [f.message_en for f in result.findings]
    return result


def _number(text: str) -> float:
    """The number a figure's text states, read as Vietnamese notation ('2.713 ha' -> 2713;
    '56,102 tỷ đồng' -> 56.102; '97,41%' -> 97.41; '07 vụ' -> 7)."""
    head = text.split(" ")[0].rstrip("%‰")
    return float(head.replace(".", "").replace(",", "."))


def _figures(result, code: str, what: str):
    return [f for f in result.draft.figures if f.indicator == code and f.what == what]


def _shown(x: float, decimals: int, how: str | None) -> float:
    return truncate(x, decimals) if how == "truncate" else round_half_up(x, decimals)


@pytest.mark.parametrize("entry", [pytest.param(e, id=e["code"]) for e in STATED])
def test_the_draft_states_the_seed_figure(seed_report, entry):
    code = entry["code"]
    ind = SAMPLE.catalog[code]
    figs = _figures(seed_report, code, "value")
    assert figs, f"{code}: the draft does not state it (seed: {entry.get('quote')})"
    text = seed_report.draft.text()
    for f in figs:
        assert f.text in text
    got = _number(figs[0].text)
    if code in WRONG_WHOLES:
        assert got != pytest.approx(entry["value"]), f"{code}: the seed's wrong whole copied"
    elif ind.is_ratio and (code in WRONG_RATES or {ind.numerator, ind.denominator} & WRONG_WHOLES):
        assert got != pytest.approx(entry["value"]), f"{code}: the seed's wrong rate copied"
    elif ind.is_ratio:
        st = entry.get("stated") or {}
        prec = (st.get("precision") or {}).get("pct", 2)
        assert _shown(figs[0].value, prec, st.get("rounding")) == pytest.approx(entry["value"])
        assert got == pytest.approx(round_half_up(figs[0].value, ind.decimals))
    else:
        assert got == pytest.approx(entry["value"]), f"{code}: {figs[0].text} vs the seed's {entry['value']}"


def _stated(*keys: str):
    for e in STATED:
        st = e.get("stated") or {}
        if any(k in st for k in keys):
            yield pytest.param(e, id=e["code"])


@pytest.mark.parametrize("entry", list(_stated("pct_province", "pct_resolution")))
def test_attainment_as_the_seed_states_it(seed_report, entry):
    st = entry["stated"]
    for kind in ("province", "resolution"):
        key = f"pct_{kind}"
        if key not in st:
            continue
        figs = _figures(seed_report, entry["code"], key)
        assert figs, f"{entry['code']}: no attainment of the {kind} target in the draft"
        f = figs[0]
        assert f.text.endswith("%")
        shown = _number(f.text)
        # at two decimals (the catalog's), and at the seed's precision from the same figure
        assert shown == pytest.approx(round_half_up(f.value, 2))
        assert _shown(f.value, st["precision"][key], st.get("rounding")) == pytest.approx(st[key]), entry["quote"]
        assert f"đạt {f.text} chỉ tiêu" in seed_report.draft.text()


@pytest.mark.parametrize("entry", list(_stated("change_pct", "change_abs")))
def test_change_as_the_seed_states_it(seed_report, entry):
    st = entry["stated"]
    code = entry["code"]
    ind = SAMPLE.catalog[code]
    if "change_pct" in st:
        f = (_figures(seed_report, code, "change") or [None])[0]
        assert f is not None, f"{code}: no change in % ({entry['quote']})"
        assert _shown(f.value, st["precision"]["change_pct"], None) == pytest.approx(st["change_pct"])
    if "change_abs" in st:
        what = "change" if ind.type == "percent" else "diff"
        f = (_figures(seed_report, code, what) or [None])[0]
        assert f is not None, f"{code}: no change in {ind.unit} ({entry['quote']})"
        assert _shown(f.value, st["precision"]["change_abs"], None) == pytest.approx(st["change_abs"])
        word = "tăng" if st["change_abs"] > 0 else "giảm"
        assert f"{word} {f.text} so với cùng kỳ" in seed_report.draft.text()
        assert _number(f.text) == pytest.approx(abs(st["change_abs"]))


def test_counts_and_ratios_written_the_seed_way(seed_report):
    text = seed_report.draft.text()
    assert "07 doanh nghiệp" in text  # a count under ten with its leading zero
    assert "giảm 09 ca so với cùng kỳ" in text  # lower is better, said plainly
    assert "85.502/87.772 người, đạt 97,41%" in text  # a ratio with its operands
    assert "17,3 tỷ đồng" in text and "17,30" not in text  # no trailing zero decimals
    assert "2.713 ha" in text
    assert "dao động từ 7.600 - 8.800 đồng/kg" in text  # a template naming another indicator
    assert "(*" not in text and "()" not in text and "đạt %" not in text


def test_every_figure_points_at_its_master_cell(seed_report):
    from openpyxl import load_workbook

    wb = load_workbook(seed_report.master.path, data_only=True, read_only=True)
    sheets = {name: wb[name] for name in wb.sheetnames}
    checked = 0
    for f in seed_report.draft.figures:
        cell = sheets[f.sheet][f.cell].value
        assert isinstance(cell, (int, float)), f"{f.indicator} {f.what}: {f.sheet}!{f.cell} is {cell!r}"
        assert cell == pytest.approx(f.value), f"{f.indicator} {f.what}: {f.sheet}!{f.cell}"
        checked += 1
    assert checked == len(seed_report.draft.figures) > 300
    units = {s.unit: s for s in seed_report.draft.sources}
    assert units["P1"].state == "valid" and units["P1"].version == 1 and units["P1"].file == "P1.xlsx"


def test_the_word_file_follows_nghi_dinh_30(seed_report):
    doc = Document(str(seed_report.path))
    sec = doc.sections[0]
    assert (round(sec.page_width.mm), round(sec.page_height.mm)) == (210, 297)
    assert 20 <= round(sec.top_margin.mm) <= 25 and 20 <= round(sec.bottom_margin.mm) <= 25
    assert 30 <= round(sec.left_margin.mm) <= 35 and 15 <= round(sec.right_margin.mm) <= 20
    normal = doc.styles["Normal"]
    assert normal.font.name == "Times New Roman" and 13 <= normal.font.size.pt <= 14
    rfonts = normal.element.rPr.find(qn("w:rFonts"))
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        assert rfonts.get(qn(attr)) == "Times New Roman"
    defaults = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault") + "/" + qn("w:rPr"))
    assert defaults.find(qn("w:rFonts")).get(qn("w:eastAsiaTheme")) is None
    # the header block: a borderless two-column table
    head = doc.tables[0]
    assert len(head.columns) == 2
    borders = head._tbl.tblPr.find(qn("w:tblBorders"))
    assert all(el.get(qn("w:val")) == "nil" for el in borders)
    left, right = head.rows[0].cells
    assert [p.text for p in left.paragraphs[:2]] == ["ỦY BAN NHÂN DÂN", "THỊ XÃ NGÃ NĂM"]
    assert right.paragraphs[0].text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert right.paragraphs[1].text == "Độc lập - Tự do - Hạnh phúc"
    number, place = head.rows[1].cells
    assert number.paragraphs[0].text.startswith("Số:") and number.paragraphs[0].text.endswith("/BC-UBND")
    assert place.paragraphs[0].text.startswith("Ngã Năm, ngày") and place.paragraphs[0].text.endswith(
        "tháng 3 năm 2024"
    )
    assert all(r.italic for r in place.paragraphs[0].runs)
    texts = [p.text for p in doc.paragraphs]
    i = texts.index("BÁO CÁO")
    assert (
        texts[i + 1] == "Tình hình thực hiện nhiệm vụ kinh tế - xã hội quý I và phương hướng, nhiệm vụ quý II năm 2024"
    )
    assert "I. TÌNH HÌNH KINH TẾ - XÃ HỘI QUÝ I NĂM 2024" in texts
    assert "II. MỘT SỐ NHIỆM VỤ CHỦ YẾU QUÝ II NĂM 2024" in texts
    for n, name in enumerate(["Kinh tế", "Văn hóa - Xã hội", "Quốc phòng - An ninh"], start=1):
        assert f"{n}. {name}" in texts
    closing = doc.tables[1]
    assert closing.rows[0].cells[0].paragraphs[0].text == "Nơi nhận:"
    right = [p.text for p in closing.rows[0].cells[1].paragraphs]
    assert right[:2] == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]
    # every body paragraph's figures are in the document as the draft states them
    body = "\n".join(texts)
    assert "đạt 79,79% chỉ tiêu kế hoạch của tỉnh và đạt 54,92% chỉ tiêu Nghị quyết" in body
    # the trail: an appendix table with the master's cell of every figure
    trail = doc.tables[2]
    assert [c.text for c in trail.rows[0].cells] == ["TT", "Số liệu", "Chỉ tiêu", "Loại", "Trang", "Ô", "Đơn vị"]
    assert len(trail.rows) == len(seed_report.draft.figures) + 1
    assert sec.different_first_page_header_footer
    assert Mm(1)  # (units imported for the margins above)


def test_libreoffice_opens_the_draft(seed_report, soffice, tmp_path):
    pdf = convert(seed_report.path, "pdf", tmp_path)
    assert pdf.exists() and pdf.stat().st_size > 10_000
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext not installed")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "BÁO CÁO" in text and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "2.713 ha" in text and "79,79%" in text
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "595" in info and "841" in info  # A4 in points
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    # Times New Roman, or its metric twin Liberation Serif where Times is not installed
    assert "LiberationSerif" in fonts or "TimesNewRoman" in fonts.replace(" ", "")
