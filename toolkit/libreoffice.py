"""LibreOffice headless as a real spreadsheet client (tests, benchmarks, PDF pictures).

Each call uses a private profile, so parallel runs do not fight over one, and the profile
tells Calc to recalculate every formula when it loads an .xlsx (by default it keeps the
cached values), so a converted file shows what LibreOffice itself computes.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from .errors import BaocaoError

_RECALC_XCU = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
           xmlns:xs="http://www.w3.org/2001/XMLSchema"
           xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
  <prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop>
</item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
  <prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop>
</item>
</oor:items>
"""


class LibreOfficeError(BaocaoError, RuntimeError):
    """LibreOffice or poppler is missing or failed; ``detail``: what happened (in English)."""

    detail: str

    vi = "Không chuyển được tệp bằng LibreOffice: {detail}"
    en = "LibreOffice could not convert the file: {detail}"

    def __init__(self, detail: str) -> None:
        super().__init__(detail=detail)


def find_soffice() -> str | None:
    for name in ("soffice", "libreoffice"):
        path = shutil.which(name)
        if path:
            return path
    return None


def convert(src: Path, to: str, outdir: Path, *, recalc: bool = True, timeout: float = 180) -> Path:
    """Convert ``src`` with LibreOffice (``to``: xlsx, pdf, csv...) into ``outdir``.

    Returns the path of the converted file; raises :class:`LibreOfficeError` when
    LibreOffice is missing, fails, or writes nothing.
    """
    return convert_many([src], to, outdir, recalc=recalc, timeout=timeout)[0]


def convert_many(srcs: list[Path], to: str, outdir: Path, *, recalc: bool = True, timeout: float = 600) -> list[Path]:
    """Convert several files in one LibreOffice start (much faster than one call per file).

    Returns the converted paths in the order of ``srcs``; raises :class:`LibreOfficeError`
    when LibreOffice is missing, fails, or does not write every file.
    """
    soffice = find_soffice()
    if not soffice:
        raise LibreOfficeError("LibreOffice (soffice) is not installed")
    if not srcs:
        return []
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="baocao-lo-") as profile:
        user = Path(profile) / "user"
        user.mkdir(parents=True)
        if recalc:
            (user / "registrymodifications.xcu").write_text(_RECALC_XCU, encoding="utf-8")
        cmd = [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            to,
            "--outdir",
            str(outdir),
            *map(str, srcs),
        ]
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired as e:
            raise LibreOfficeError(f"LibreOffice timed out converting {len(srcs)} file(s)") from e
    ext = to.split(":")[0]
    outs = [outdir / (Path(s).stem + "." + ext) for s in srcs]
    missing = [str(o) for o in outs if not o.exists()]
    if proc.returncode != 0 or missing:
        raise LibreOfficeError(
            f"LibreOffice failed converting {len(srcs)} file(s) to {to} (exit {proc.returncode}); "
            f"missing: {', '.join(missing) or 'none'}: {proc.stdout.strip()} {proc.stderr.strip()}"
        )
    return outs


def pdf_pages_text(pdf: Path) -> list[str]:
    """The text of each page of ``pdf`` (poppler's pdftotext), to find a page by what it says."""
    if not shutil.which("pdftotext"):
        raise LibreOfficeError("pdftotext (poppler-utils) is not installed")
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return out.split("\f")


def pdf_page_png(pdf: Path, page: int, png: Path, *, dpi: int = 80) -> Path:
    """Page ``page`` (1-based) of ``pdf`` as a PNG picture (poppler's pdftoppm)."""
    if not shutil.which("pdftoppm"):
        raise LibreOfficeError("pdftoppm (poppler-utils) is not installed")
    png.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="baocao-png-") as tmp:
        stem = Path(tmp) / "page"
        subprocess.run(
            ["pdftoppm", "-png", "-r", str(dpi), "-f", str(page), "-l", str(page), "-singlefile", str(pdf), str(stem)],
            check=True,
            capture_output=True,
        )
        shutil.copyfile(stem.with_suffix(".png"), png)
    return png
