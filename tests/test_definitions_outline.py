"""A catalog a leader can read: the printable outline, rendered by LibreOffice to an A4 PDF."""

from __future__ import annotations

import subprocess
from datetime import date

from toolkit.definitions.outline import aggregation_text, reporters_text, write_outline
from toolkit.libreoffice import convert


def test_outline_prints_on_a4_with_every_indicator_its_reporters_and_targets(workspace, tmp_path, soffice):
    res = write_outline(workspace, tmp_path / "danh-muc.xlsx", today=date(2024, 1, 10))
    assert res.written and res.year == 2024 and res.indicators == len(workspace.catalog)
    pdf = convert(res.path, "pdf", tmp_path, recalc=False)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "(A4)" in info and "595.3" in info  # portrait A4
    pages = int(next(line for line in info.splitlines() if line.startswith("Pages:")).split()[1])
    assert 5 <= pages <= 30
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "TimesNewRoman" in fonts.replace(" ", "") or "LiberationSerif" in fonts  # Times or its metric twin
    text = " ".join(
        subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout.split()
    )
    for words in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "ỦY BAN NHÂN DÂN",
        "THỊ XÃ NGÃ NĂM",
        "DANH MỤC CHỈ TIÊU BÁO CÁO KINH TẾ - XÃ HỘI",
        "ngày 10 tháng 01 năm 2024",
        "Trang 1/",
    ):
        assert words in text, words
    packed = text.replace(" ", "")  # a long code wraps inside its cell
    for ind in workspace.catalog:
        assert f"({ind.code})" in packed, ind.code
    assert "53.460" in text and "54.000" in text  # the livestock targets, Vietnamese notation
    assert "Các xã, phường" in text and "Phòng Kinh tế" in text


def test_words_for_reporters_and_aggregation(sample):
    cat = sample.catalog
    assert reporters_text(sample, cat["NN.DAN_GIA_SUC"]) == "Các xã, phường"
    assert reporters_text(sample, cat["NN.GIA_LUA_THAP"]) == "Phòng Kinh tế"
    assert "số thời điểm" in aggregation_text(sample, cat["NN.DAN_GIA_SUC"])
    ratio = aggregation_text(sample, cat["NN.TL_HT_XUONG_GIONG"])
    assert ratio.startswith("Tỷ lệ = (Diện tích lúa Hè Thu đã xuống giống)")
    assert "càng thấp càng tốt" in aggregation_text(sample, cat["YT.SXH_CA"])
    assert aggregation_text(sample, cat["NN.DT_MAU_CAT"]).startswith("Tổng các chỉ tiêu thành phần")
