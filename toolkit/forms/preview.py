"""A picture of a form's first page (LibreOffice PDF -> poppler's pdftoppm), for the docs.

python -m toolkit.forms.preview                      # docs/img/form-ward.png from P1, 2024-Q1
python -m toolkit.forms.preview --unit PKT --period 2024-Q1 --png /tmp/pkt.png
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..libreoffice import LibreOfficeError, convert


def render_first_page(xlsx: Path, png: Path, *, dpi: int = 80) -> Path:
    """Render page 1 of ``xlsx`` to ``png`` (raises LibreOfficeError without soffice or pdftoppm)."""
    if not shutil.which("pdftoppm"):
        raise LibreOfficeError("pdftoppm (poppler-utils) is not installed")
    with tempfile.TemporaryDirectory(prefix="baocao-preview-") as tmp:
        pdf = convert(Path(xlsx), "pdf", Path(tmp), recalc=False)
        stem = Path(tmp) / "page"
        subprocess.run(
            ["pdftoppm", "-png", "-r", str(dpi), "-f", "1", "-l", "1", "-singlefile", str(pdf), str(stem)],
            check=True,
            capture_output=True,
        )
        png.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(stem.with_suffix(".png"), png)
    return png


def main(argv: list[str] | None = None) -> None:
    from ..periods import Period
    from ..workspace import Workspace
    from .api import write_form

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--unit", default="P1")
    ap.add_argument("--period", default="2024-Q1")
    ap.add_argument("--workspace", default=None, help="default: the built-in sample")
    ap.add_argument("--png", type=Path, default=Path("docs/img/form-ward.png"))
    ap.add_argument("--dpi", type=int, default=80)
    args = ap.parse_args(argv)
    ws = Workspace.open(args.workspace) if args.workspace else Workspace.sample()
    with tempfile.TemporaryDirectory(prefix="baocao-preview-") as tmp:
        info = write_form(ws, args.unit, Period.parse(args.period), Path(tmp) / "form.xlsx")
        render_first_page(info.path, args.png, dpi=args.dpi)
    print(args.png)


if __name__ == "__main__":
    main()
