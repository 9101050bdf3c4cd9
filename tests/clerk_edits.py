"""What clerks do to a form, done by a real client: LibreOffice Basic macros, Gnumeric's ssconvert.

A macro runs in LibreOffice headless with a private profile (initialised once, then the
macro module written into its ``Standard`` library): it opens each form, edits it through
the same API the menus use (``Columns.insertByIndex`` is Insert > Columns, ``Rows.removeByIndex``
is Delete Rows, ``setFormula`` is typing into a cell) and saves it as .xlsx, as a clerk's
"Save" in LibreOffice does. Every edit of a test module runs in one LibreOffice start.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from toolkit.libreoffice import find_soffice

_MODULE = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" \
script:language="StarBasic">{code}</script:module>
"""

_OPEN_SAVE = """
Sub Edit{n}
  Dim a(0) As New com.sun.star.beans.PropertyValue
  a(0).Name = "Hidden" : a(0).Value = True
  doc = StarDesktop.loadComponentFromURL(ConvertToURL("{src}"), "_blank", 0, a())
  sh = doc.Sheets.getByIndex(0)
{body}
  Dim s(0) As New com.sun.star.beans.PropertyValue
  s(0).Name = "FilterName" : s(0).Value = "Calc MS Excel 2007 XML"
  doc.storeToURL(ConvertToURL("{dst}"), s())
  doc.close(True)
End Sub
"""


@dataclass
class Edit:
    """One file edited by a macro: ``body`` is Basic with ``doc`` (the document) and ``sh``
    (its first sheet, the form) in scope."""

    src: Path
    dst: Path
    body: str


def _basic_string(p: Path) -> str:
    return str(p).replace('"', '""')


def run_edits(edits: list[Edit], timeout: float = 300) -> list[Path]:
    """Apply every edit in one LibreOffice start; the edited files, in order."""
    soffice = find_soffice()
    if not soffice:
        raise RuntimeError("LibreOffice (soffice) is not installed")
    with tempfile.TemporaryDirectory(prefix="baocao-clerk-") as profile:
        env = f"-env:UserInstallation=file://{profile}"
        # the first start creates the profile and its Standard Basic library
        subprocess.run([soffice, env, "--headless", "--terminate_after_init"], capture_output=True, timeout=timeout)
        module = Path(profile) / "user" / "basic" / "Standard" / "Module1.xba"
        if not module.exists():
            raise RuntimeError("LibreOffice did not create its Basic library in the private profile")
        subs = [
            _OPEN_SAVE.format(n=n, src=_basic_string(e.src), dst=_basic_string(e.dst), body=e.body)
            for n, e in enumerate(edits)
        ]
        main = "Sub Main\n" + "".join(f"  Edit{n}\n" for n in range(len(edits))) + "End Sub\n"
        module.write_text(_MODULE.format(code=escape(main + "".join(subs))), encoding="utf-8")
        for e in edits:
            e.dst.unlink(missing_ok=True)
        proc = subprocess.run(
            [soffice, env, "--headless", "--norestore", "macro:///Standard.Module1.Main"],
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    missing = [str(e.dst) for e in edits if not e.dst.exists()]
    if missing:
        raise RuntimeError(f"the LibreOffice macro did not write {missing}: {proc.stdout} {proc.stderr}")
    return [e.dst for e in edits]


def ssconvert(src: Path, dst: Path, timeout: float = 120) -> Path:
    """Gnumeric opens ``src`` and saves it as .xlsx (its "Save As" Excel 2007)."""
    exe = shutil.which("ssconvert")
    if not exe:
        raise RuntimeError("Gnumeric's ssconvert is not installed")
    proc = subprocess.run(
        [exe, "--export-type=Gnumeric_Excel:xlsx2", str(src), str(dst)], capture_output=True, text=True, timeout=timeout
    )
    if not dst.exists():
        raise RuntimeError(f"ssconvert wrote nothing: {proc.stdout} {proc.stderr}")
    return dst
