"""A report as JSON: the archive's document of a report, and the digest a pool worker sends back
for a report that is only printed (``baocao validate --json``/``--jsonl``).

A worker that returns whole :class:`~toolkit.records.FileReport` objects makes the parent
rebuild ~120 :class:`~toolkit.records.ValueRecord` objects a file from the pickle (0,47 ms)
only to encode them again as JSON (0,2 ms): on two cores the parent competes with both
workers, so every millisecond it spends a file is wall time. A :class:`Digest` carries
instead the report's JSON text, encoded in the worker, the counts the summary needs and the
few figures the comparison between units (:class:`~toolkit.validate.outliers.CrossUnit`)
collects: the parent writes the text and adds up the numbers.
"""

from __future__ import annotations

import json
import operator
from typing import Any, NamedTuple

from ..records import ARCHIVE_FORMAT, VALUE_ROW, FileReport

VALUES = ("rows", "full", "none")  # how a report's values appear in its JSON (validate --values)

_VALUE_ROW_GET = operator.attrgetter(*VALUE_ROW)


def dumps(value: Any) -> str:
    """The one JSON encoding of the streamed outputs (UTF-8 text, anything else as ``str``)."""
    return json.dumps(value, ensure_ascii=False, default=str)


def report_doc(report: FileReport) -> dict[str, Any]:
    """The archive's JSON of ``report`` (format ``baocao-report/2``): ``report.to_dict()`` with
    the values as rows of ``value_fields``; unit and period are the report's, the source its
    ``intake.original_name`` (read back by :func:`toolkit.records.values_of`)."""
    doc = report.to_dict(values=False)
    doc["format"] = ARCHIVE_FORMAT
    doc["value_fields"] = list(VALUE_ROW)
    get = _VALUE_ROW_GET
    doc["values"] = [list(get(v)) for v in report.values]
    return doc


def file_doc(report: FileReport, values: str) -> dict[str, Any]:
    """A file's report for validate's JSON: values as rows (``baocao-report/2``, as the archive
    keeps them), one object each (``baocao-report/1``), or none."""
    if values == "rows":
        return report_doc(report)
    if values == "full":
        return report.to_dict()
    d = report.to_dict(values=False)
    del d["values"]
    return d


class Digest(NamedTuple):
    """What the caller of a stream of printed reports needs of one report (see the module)."""

    path: str
    unit: str | None
    period: str | None
    errors: int
    warnings: int
    figures: tuple[tuple[str, float, str, str], ...]  # (indicator, value, sheet, cell): see compared_figures
    text: str  # the report's JSON document (:func:`file_doc`, :func:`dumps`); "" for a report printed as text
    report: FileReport | None = None  # for a report printed as text: itself, without its values

    @property
    def valid(self) -> bool:
        return self.errors == 0


def compared_figures(report: FileReport) -> tuple[tuple[str, float, str, str], ...]:
    """The figures of ``report`` that units are compared on: each typed or computed number of
    the ``value`` column, as (indicator, value, sheet, cell)."""
    return tuple(
        (v.indicator, v.value, v.sheet, v.cell)
        for v in report.values
        if v.column == "value" and isinstance(v.value, float)
    )


def digest(report: FileReport, values: str | None = "rows", extra: dict[str, Any] | None = None) -> Digest:
    """``report`` as the caller prints it: its JSON with its ``values`` as ``rows``, ``full``
    or ``none`` (``extra``: fields added at the end of the document); or, ``values=None``, for
    the text output, no JSON but the report itself without its values (made empty here)."""
    if values is None:
        figures = compared_figures(report)
        report.values = []
        return Digest(report.path, report.unit, report.period, report.errors, report.warnings, figures, "", report)
    d = file_doc(report, values)
    if extra:
        d.update(extra)
    return Digest(
        report.path,
        report.unit,
        report.period,
        report.errors,
        report.warnings,
        compared_figures(report),
        dumps(d),
    )
