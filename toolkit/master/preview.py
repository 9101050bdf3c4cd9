"""``python -m toolkit.master.preview``: pictures of the sample master for the docs.

Builds the 2024-Q1 master of the sample from the seed's figures (the sample's demo/seed_q1_2024.yaml,
split with toolkit.seedsplit), prints it to PDF with LibreOffice (as tests/test_rendering.py
does) and writes the first page of the Tổng hợp sheet to docs/img/master-tong-hop.png and the
first page of the Biểu đồ sheet to docs/img/master-bieu-do.png (pdftoppm).
"""

from __future__ import annotations

import sys
import tempfile
from datetime import datetime
from pathlib import Path

from ..demo import seed_table
from ..periods import Period
from ..records import ValueRecord
from ..workspace import Workspace
from .build import build_master
from .inputs import Submission

SEED = seed_table()
IMG = Path(__file__).resolve().parents[2] / "docs" / "img"  # a developer's tool: the checkout
OUT = IMG / "master-tong-hop.png"
CHART_OUT = IMG / "master-bieu-do.png"


def seed_submissions(ws: Workspace) -> list[Submission]:
    import yaml

    from ..seedsplit import split_district_figures

    seed = yaml.safe_load(SEED.read_text(encoding="utf-8"))
    period = Period.parse(seed["period"])
    fills = split_district_figures(ws, {e["code"]: e["value"] for e in seed["indicators"]}, seed["ward_split_weights"])
    return [
        Submission(
            u.code,
            [
                ValueRecord(u.code, period.code, c, col, v, "Biểu mẫu", "", f"{u.code}.xlsx", 1)
                for (c, col), v in fills.get(u.code, {}).items()
            ],
            received_at=datetime(2024, 3, 18, 9, 0),
        )
        for u in ws.expected_units(period)
    ]


def main() -> int:
    from ..libreoffice import convert, pdf_page_png, pdf_pages_text
    from . import layout as L

    ws = Workspace.sample()
    with tempfile.TemporaryDirectory(prefix="baocao-preview-") as tmp:
        master = Path(tmp) / "tong-hop-2024-Q1.xlsx"
        r = build_master(ws, "2024-Q1", seed_submissions(ws), master, now=datetime(2024, 3, 21, 8, 0))
        if not r.written:
            print(*(f.message_en for f in r.findings), sep="\n", file=sys.stderr)
            return 1
        pdf = convert(master, "pdf", Path(tmp))
        pdf_page_png(pdf, 1, OUT, dpi=100)
        pages = pdf_pages_text(pdf)
        chart = next((n for n, text in enumerate(pages, start=1) if L.CHART in text), None)
        if chart is not None:
            pdf_page_png(pdf, chart, CHART_OUT, dpi=80)
    print(OUT, CHART_OUT, sep="\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
