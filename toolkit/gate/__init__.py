"""The reading gate: every workbook baocao did not write itself is read through here.

    from toolkit.gate import read_workbook
    result = read_workbook(path, max_row=160, max_col=8)
    if result.ok:
        book = result.book          # a toolkit.rawbook.RawBook
    else:
        for f in result.findings:   # each names the file, in Vietnamese and English
            ...

:func:`read_workbook` never raises for any input file. :func:`read_workbook_isolated`
and :func:`read_many` run reads in child processes under a hard timeout and an address
space limit. ``docs/security.md`` lists what is guarded against and the limits.
Importing this package verifies the XML defences (:func:`verify_xml_defences`).
"""

from toolkit.gate.isolate import read_many, read_workbook_isolated
from toolkit.gate.limits import Limits
from toolkit.gate.read import GateResult, read_workbook
from toolkit.gate.xmlsafe import XmlDefenceError, verify_xml_defences

verify_xml_defences()

__all__ = [
    "GateResult",
    "Limits",
    "XmlDefenceError",
    "read_many",
    "read_workbook",
    "read_workbook_isolated",
    "verify_xml_defences",
]
