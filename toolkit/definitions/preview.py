"""``python -m toolkit.definitions.preview``: pictures of the definitions workbook and the
printable outline for the docs.

Exports the sample's definitions, keeps the first rows and columns of the 'Chỉ tiêu' sheet
as the print area, prints it to PDF with LibreOffice and writes the first page to
docs/img/dinh-nghia-chi-tieu.png (pdftoppm); the outline's first page goes to
docs/img/danh-muc-chi-tieu.png.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from datetime import date, datetime
from pathlib import Path

import openpyxl

from ..libreoffice import convert
from ..workspace import Workspace
from . import columns as K
from .export import export_definitions
from .outline import write_outline

DOCS_IMG = Path(__file__).resolve().parents[2] / "docs" / "img"  # run from a source checkout
OUT = DOCS_IMG / "dinh-nghia-chi-tieu.png"
OUTLINE = DOCS_IMG / "danh-muc-chi-tieu.png"


def render(out_png: Path, rows: int = 22, last_col: str = "J") -> Path:
    with tempfile.TemporaryDirectory(prefix="baocao-preview-") as tmp:
        book = Path(tmp) / "dinh-nghia.xlsx"
        res = export_definitions(Workspace.sample(), book, now=datetime(2025, 1, 5, 8, 0))
        if not res.written:
            raise RuntimeError("; ".join(f.message_en for f in res.problems))
        wb = openpyxl.load_workbook(book)
        for name in wb.sheetnames:
            if name != K.INDICATORS:
                del wb[name]
        sh = wb[K.INDICATORS]
        sh.print_area = f"A1:{last_col}{rows}"
        one = Path(tmp) / "chi-tieu.xlsx"
        wb.save(one)
        pdf = convert(one, "pdf", Path(tmp), recalc=False)
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "110",
                "-f",
                "1",
                "-l",
                "1",
                "-H",
                "560",
                "-singlefile",
                str(pdf),
                str(out_png.with_suffix("")),
            ],
            check=True,
        )
    return out_png


def render_outline(out_png: Path) -> Path:
    with tempfile.TemporaryDirectory(prefix="baocao-preview-") as tmp:
        res = write_outline(Workspace.sample(), Path(tmp) / "danh-muc.xlsx", today=date(2024, 1, 10))
        if not res.written:
            raise RuntimeError("; ".join(f.message_en for f in res.problems))
        pdf = convert(res.path, "pdf", Path(tmp), recalc=False)
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "80",
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                str(pdf),
                str(out_png.with_suffix("")),
            ],
            check=True,
        )
    return out_png


def main() -> int:
    print(render(OUT))
    print(render_outline(OUTLINE))
    return 0


if __name__ == "__main__":
    sys.exit(main())
