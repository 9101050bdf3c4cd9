"""How the draft words a figure: lower is better, gaps, zero or missing bases, rates,
sentence templates (checked by the catalog loader)."""

from __future__ import annotations

from pathlib import Path

import pytest

from toolkit.catalog import Catalog, Group, Indicator, Section, load_catalog
from toolkit.master import MasterResult, MasterRow
from toolkit.master.inputs import UnitStatus
from toolkit.periods import Period
from toolkit.report import phrasing as ph
from toolkit.report.difficulties import difficulty_blocks
from toolkit.report.model import FIGURE, GAP
from toolkit.report.sentences import Clauses
from toolkit.sentence_template import TemplateError, parse, problems
from toolkit.units import Unit

UNITS = {
    "P1": Unit("P1", "Phường 1", "ward"),
    "P2": Unit("P2", "Phường 2", "ward"),
    "CA": Unit("CA", "Công an thị xã", "department"),
    "YT": Unit("YT", "Trung tâm Y tế", "department"),
}


def ind(code: str, **kw) -> Indicator:
    base = dict(name=code, unit="vụ", section="S", type="integer", reporters=("CA",), aggregate="single")
    base.update(kw)
    return Indicator(code=code, **base)


def table(inds: list[Indicator], rows: dict[str, dict], states: dict[str, str]) -> Clauses:
    cat = Catalog(Path("catalog.yaml"), {"S": Section("S", "An ninh", 0)}, {i.code: i for i in inds})
    master_rows = []
    for n, i in enumerate(inds):
        r = MasterRow(i, 10 + n, list(i.reporters) if i.reporters != "wards" else ["P1", "P2"])
        for k, v in rows.get(i.code, {}).items():
            setattr(r, k, v)
        if r.value is not None and not r.unit_values:
            r.unit_values = {u: r.value for u in r.reporters if states.get(u) == "valid"}
        master_rows.append(r)
    status = [UnitStatus(UNITS[u], True, None, s == "valid", s) for u, s in states.items()]
    m = MasterResult("2024-Q1", rows=master_rows, status=status, unit_names={u: UNITS[u].name for u in states})
    return Clauses(m, cat, year_start=True)


def text(runs) -> str:
    return "".join(r.text for r in runs)


def test_lower_is_better_reads_right():
    accidents = ind("TNGT", name="Vụ tai nạn giao thông", direction="lower")
    dengue = ind("SXH", name="Ca sốt xuất huyết", unit="ca", reporters=("YT",), direction="lower")
    cl = table(
        [accidents, dengue],
        {
            "TNGT": dict(
                value=7, ytd=7, same=3, change=133.33, diff=4, targets={"province": 5}, attainment={"province": 140.0}
            ),
            # 9 of at most 50 a year: 18 %, within the quarter's share (25 %) of the ceiling
            "SXH": dict(
                value=9,
                ytd=9,
                same=18,
                change=-50.0,
                diff=-9,
                targets={"resolution": 50},
                attainment={"resolution": 18.0},
            ),
        },
        {"CA": "valid", "YT": "valid"},
    )
    a = text(cl.clause(accidents))
    assert "tăng 04 vụ so với cùng kỳ" in a  # a small count changes by its count, not by 133 %
    assert "vượt mức chỉ tiêu của tỉnh (không vượt quá 05 vụ), bằng 140%" in a
    assert "đạt 140%" not in a
    d = text(cl.clause(dengue))
    assert "giảm 09 ca so với cùng kỳ" in d
    assert "bằng 18% mức chỉ tiêu Nghị quyết (không vượt quá 50 ca)" in d
    # the difficulties list the rise and the ceiling passed, not the fall
    hard = "\n".join(b.text for b in difficulty_blocks(cl, Period.parse("2024-Q1"), Period.parse("2024-Q1").end))
    assert "vụ tai nạn giao thông tăng 04 vụ so với cùng kỳ" in hard
    assert "vụ tai nạn giao thông bằng 140% mức chỉ tiêu của tỉnh, vượt mức cho phép" in hard
    assert "sốt xuất huyết" not in hard


def test_a_missing_unit_is_a_highlighted_placeholder_naming_it():
    crimes = ind("HS", name="Vụ phạm tội hình sự")
    area = ind("DT", name="Diện tích lúa", unit="ha", type="decimal", decimals=2, reporters="wards", aggregate="sum")
    cl = table(
        [crimes, area],
        {"DT": dict(value=1200.5, unit_values={"P1": 1200.5})},
        {"P1": "valid", "P2": "invalid", "CA": "missing"},
    )
    runs = cl.clause(crimes)
    gaps = [r for r in runs if r.kind == GAP]
    assert [g.text for g in gaps] == ["[chưa có số liệu: Công an thị xã chưa gửi báo cáo]"]
    assert not [r for r in runs if r.kind == FIGURE]  # no figure is made up
    runs = cl.clause(area)
    assert "diện tích lúa là 1.200,5 ha" in text(runs)
    assert [r.text for r in runs if r.kind == GAP] == ["[chưa đủ số liệu: Phường 2 báo cáo còn lỗi, chưa tổng hợp]"]
    hard = "\n".join(b.text for b in difficulty_blocks(cl, Period.parse("2024-Q1"), Period.parse("2024-Q1").end))
    assert "chưa nhận được báo cáo của Công an thị xã" in hard
    assert "báo cáo của Phường 2 còn lỗi" in hard


def test_a_zero_or_missing_same_period_base():
    new = ind("DN", name="Doanh nghiệp thành lập mới", unit="doanh nghiệp")
    area = ind("AREA", name="Diện tích", unit="ha", type="decimal", decimals=2)
    nobase = ind("NB", name="Hộ kinh doanh mới", unit="hộ")
    cl = table(
        [new, area, nobase],
        {
            # base 0: no percentage (the master leaves it blank); the difference is stated instead
            "DN": dict(value=7, same=0, change=None, diff=7),
            "AREA": dict(value=12.5, same=0.0, change=None, diff=12.5),
            # no base at all: nothing is said about the same period, and no empty brackets
            "NB": dict(value=75, same=None, change=None, diff=None),
        },
        {"CA": "valid"},
    )
    assert text(cl.clause(new)) == "doanh nghiệp thành lập mới là 07 doanh nghiệp (tăng 07 doanh nghiệp so với cùng kỳ)"
    assert text(cl.clause(area)) == "diện tích là 12,5 ha (tăng 12,5 ha so với cùng kỳ)"
    assert text(cl.clause(nobase)) == "hộ kinh doanh mới là 75 hộ"


def test_a_rate_changes_in_percentage_points():
    rate = ind("BHYT", name="Tỷ lệ người dân tham gia bảo hiểm y tế", unit="%", type="percent", decimals=2)
    cl = table([rate], {"BHYT": dict(value=93.35, same=92.1, change=1.25, diff=None)}, {"CA": "valid"})
    t = text(cl.clause(rate))
    assert t == "tỷ lệ người dân tham gia bảo hiểm y tế là 93,35% (tăng 1,25 điểm phần trăm so với cùng kỳ)"
    cl = table([rate], {"BHYT": dict(value=90.0, same=92.1, change=-2.1, diff=None)}, {"CA": "valid"})
    assert "giảm 2,1 điểm phần trăm so với cùng kỳ" in text(cl.clause(rate))
    cl = table([rate], {"BHYT": dict(value=92.1, same=92.1, change=0.0, diff=None)}, {"CA": "valid"})
    assert "bằng cùng kỳ (92,10%)" in text(cl.clause(rate))


def test_year_to_date_after_the_first_quarter():
    planted = ind("LUA", name="Diện tích lúa xuống giống", unit="ha", type="decimal", decimals=2)
    cl = table([planted], {"LUA": dict(value=1500, ytd=4200, same=1400, change=7.142857, diff=100)}, {"CA": "valid"})
    cl.year_start = False
    assert text(cl.clause(planted)) == (
        "diện tích lúa xuống giống là 1.500 ha (tăng 7,14% so với cùng kỳ), lũy kế từ đầu năm 4.200 ha"
    )
    cl.year_start = True
    assert "lũy kế" not in text(cl.clause(planted))


def test_templates_and_group_wording():
    low = ind(
        "GIA_THAP", name="Giá lúa thấp nhất", unit="đồng/kg", type="money", sentence="giá lúa từ {number} - {GIA_CAO}"
    )
    high = ind("GIA_CAO", name="Giá lúa cao nhất", unit="đồng/kg", type="money")
    cl = table([low, high], {"GIA_THAP": dict(value=7600), "GIA_CAO": dict(value=8800)}, {"CA": "valid"})
    cl.catalog.groups["Lúa"] = Group("Lúa", "+ Về lúa: {clauses}.")
    assert cl.own_clause(low) and not cl.own_clause(high)  # stated inside the other's clause
    assert text(cl.group_runs("Lúa", [low, high])) == "+ Về lúa: Giá lúa từ 7.600 - 8.800 đồng/kg."
    ids = [r.ref for r in cl.clause(low) if r.kind == FIGURE]
    assert [cl.figures[i - 1].indicator for i in ids] == ["GIA_THAP", "GIA_CAO"]


def test_template_syntax():
    segs = parse("là {value}[ ({change})] {{x}} [[y]]")
    assert [s.text for s in segs if s.text] == ["là ", " ", "{", "x", "}", " ", "[", "y", "]"]
    with pytest.raises(TemplateError):
        parse("là {value")
    with pytest.raises(TemplateError):
        parse("là [{value}")
    assert problems("{value} {nonsense}", group=False)
    assert problems("{NN.X:value}", group=False, codes=frozenset({"NN.X"})) == []
    assert problems("{NN.Y}", group=False, codes=frozenset({"NN.X"}))
    assert problems("{NN.X:bogus}", group=False, codes=frozenset({"NN.X"}))
    assert problems("{group}: {clauses}.", group=True) == []
    assert problems("{value}", group=True)


def test_the_catalog_checks_sentences_at_their_line(tmp_path):
    p = tmp_path / "catalog.yaml"
    p.write_text(
        "sections: [{code: S, name: An ninh}]\n"
        "groups:\n"
        "  - {name: Tội phạm, sentence: '{clauses'}\n"
        "  - {name: Không có, sentence: '{clauses}'}\n"
        "indicators:\n"
        "  - {code: A.B, name: Vụ, unit: vụ, section: S, group: Tội phạm, type: integer,\n"
        "     reporters: [CA], aggregate: single, sentence: 'có {value} và {C.D}'}\n",
        encoding="utf-8",
    )
    cat = load_catalog(p)
    msgs = [(f.line, f.message_en) for f in cat.problems]
    assert any(line == 3 and "'{'" in m for line, m in msgs), msgs
    assert any(line == 4 and "Không có" in m for line, m in msgs), msgs
    assert any(line == 7 and "C.D" in m for line, m in msgs), msgs


def test_rewording_does_not_change_the_catalog_version(tmp_path, sample):
    src = (sample.definitions / "catalog.yaml").read_text(encoding="utf-8")
    p = tmp_path / "catalog.yaml"
    p.write_text(src.replace("phát triển đàn gia súc được {value}", "đàn gia súc có {value}"), encoding="utf-8")
    cat = load_catalog(p)
    assert not cat.problems
    assert cat["NN.DAN_GIA_SUC"].sentence != sample.catalog["NN.DAN_GIA_SUC"].sentence
    assert cat.version == sample.catalog.version


@pytest.mark.parametrize(
    ("value", "decimals", "pad", "expected"),
    [
        (2713, 0, False, "2.713"),
        (17.3, 2, False, "17,3"),
        (8.0, 1, False, "8"),
        (7, 0, True, "07"),
        (0, 0, True, "0"),
        (22327.18, 2, False, "22.327,18"),
        (9.03, 3, False, "9,03"),
        (12, 0, True, "12"),
    ],
)
def test_numbers_as_the_seed_writes_them(value, decimals, pad, expected):
    assert ph.number(value, decimals, pad=pad) == expected


def test_percentages():
    assert ph.pct(47.9) == "47,90%"
    assert ph.pct(35.0) == "35%"
    assert ph.pct(103.18567) == "103,19%"
    assert ph.clause_name("Trong đó: đối tượng dương tính") == "đối tượng dương tính"
    assert ph.clause_name("Ổ dịch sốt xuất huyết") == "ổ dịch sốt xuất huyết"
    assert ph.clause_name("OCOP và sản phẩm tiềm năng") == "OCOP và sản phẩm tiềm năng"


def test_a_template_whose_figures_are_missing_still_reads():
    low = ind(
        "GIA_THAP", name="Giá lúa thấp nhất", unit="đồng/kg", type="money", sentence="giá lúa từ {number} - {GIA_CAO}"
    )
    high = ind("GIA_CAO", name="Giá lúa cao nhất", unit="đồng/kg", type="money", reporters=("YT",))
    # the unit behind the high price has not sent: its gap stands where its figure would
    cl = table([low, high], {"GIA_THAP": dict(value=7600)}, {"CA": "valid", "YT": "missing"})
    assert text(cl.clause(low)) == "giá lúa từ 7.600 - [chưa có số liệu: Trung tâm Y tế chưa gửi báo cáo]"
    # without its own figure the template cannot be filled: the name and the gap
    cl = table([low, high], {"GIA_CAO": dict(value=8800)}, {"CA": "invalid", "YT": "valid"})
    assert text(cl.clause(low)) == "giá lúa thấp nhất [chưa có số liệu: Công an thị xã báo cáo còn lỗi, chưa tổng hợp]"


def test_an_estimate_reads_uoc_dat_until_the_official_figure():
    rice = ind("NS", name="Năng suất lúa bình quân", unit="tấn/ha", type="decimal", decimals=1, estimate=True)
    rows = {"NS": dict(value=8.0, estimate=True, attainment={"province": 100.0}, targets={"province": 8.0})}
    said = text(table([rice], rows, {"CA": "valid"}).clause(rice))
    assert "năng suất lúa bình quân ước đạt 8 tấn/ha" in said
    assert "ước đạt 100% chỉ tiêu" in said
    rows["NS"]["estimate"] = False  # the official return has arrived
    said = text(table([rice], rows, {"CA": "valid"}).clause(rice))
    assert "ước" not in said and "là 8 tấn/ha" in said


def test_an_estimate_in_a_template_without_the_word_gets_it_before_the_figure():
    rice = ind(
        "NS",
        name="Năng suất",
        unit="tấn/ha",
        type="decimal",
        decimals=1,
        estimate=True,
        sentence="năng suất bình quân {value}",
    )
    said = text(table([rice], {"NS": dict(value=8.0, estimate=True)}, {"CA": "valid"}).clause(rice))
    assert said == "năng suất bình quân ước 8 tấn/ha"
