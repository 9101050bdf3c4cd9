"""The findings catalogue: every problem baocao reports is a finding with a declared code.

    from toolkit.findings import gate, make
    make(gate.FILE_NOT_FOUND, file=path)

* :mod:`.code`: :class:`Severity`, :class:`Area`, :class:`Code` and :func:`declare`, the
  one way to declare a code, and the registry of every declared code.
* :mod:`.finding`: :class:`Finding` (data: code, severity, where, messages; it knows its
  area) and :func:`make`, which takes a declared code, never a plain string.
* One module per area declares that area's codes, each written out whole as users see it:
  :mod:`.catalog`, :mod:`.gate`, :mod:`.identity`, :mod:`.structure`, :mod:`.value`,
  :mod:`.rule`, :mod:`.intake`, :mod:`.text`, :mod:`.master`, :mod:`.report`,
  :mod:`.definitions`. Importing this package imports them all, so the registry is
  complete; a new area is a new module here and a line in :data:`AREAS`.
* :mod:`.doc` writes ``docs/findings.md`` from the registry
  (``python -m toolkit.findings.doc > docs/findings.md``).

Finding codes users have seen never change or disappear (``tests/data/finding_codes.txt``).
"""

from . import catalog, definitions, gate, identity, intake, master, report, rule, structure, text, value
from .code import Area, Code, Severity, areas, declare, lookup, registry
from .finding import Finding, count, make

# The areas in the order docs/findings.md presents them: the pipeline's order.
AREAS: tuple[Area, ...] = (
    catalog.AREA,
    gate.AREA,
    identity.AREA,
    structure.AREA,
    value.AREA,
    rule.AREA,
    intake.AREA,
    text.AREA,
    master.AREA,
    report.AREA,
    definitions.AREA,
)

__all__ = [
    "AREAS",
    "Area",
    "Code",
    "Finding",
    "Severity",
    "areas",
    "catalog",
    "count",
    "declare",
    "definitions",
    "gate",
    "identity",
    "intake",
    "lookup",
    "make",
    "master",
    "registry",
    "report",
    "rule",
    "structure",
    "text",
    "value",
]
