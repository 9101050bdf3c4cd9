"""The report document in its two layouts: one object a value (``baocao-report/1``, what
``validate --json`` prints) and rows of fields (``baocao-report/2``, the archive's JSON)."""

from __future__ import annotations

import json
import sys

from toolkit.findings import make
from toolkit.findings import value as codes
from toolkit.intake.examine import report_doc
from toolkit.records import ARCHIVE_FORMAT, REPORT_FORMAT, FileReport, ValueRecord, values_of


def _report() -> FileReport:
    vals = [
        ValueRecord("P1", "2024-Q1", "NN.DT_MAU", "value", 120.5, "Biểu số liệu", "E13", "p1.xlsx"),
        ValueRecord("P1", "2024-Q1", "NN.DT_MAU", "note", 'tăng do "mưa" sớm', "Biểu số liệu", "H13", "p1.xlsx"),
        ValueRecord("P1", "2024-Q1", "NN.GIA_SUC", "same_period", None, "Biểu số liệu", "G14", "p1.xlsx"),
    ]
    f = make(
        codes.VALUE_MISSING,
        file="p1.xlsx",
        sheet="Biểu số liệu",
        cell="E14",
        indicator="NN.GIA_SUC",
        column="value",
        name="Gia súc",
        col_vi="Thực hiện",
        col_en="Actual",
        unit="con",
    )
    return FileReport("p1.xlsx", sha256="ab" * 32, size=1234, unit="P1", period="2024-Q1", findings=[f], values=vals)


def test_the_archive_layout_reads_back_the_same_values() -> None:
    rep = _report()
    doc = report_doc(rep)
    doc["intake"] = {"original_name": "p1.xlsx"}
    assert doc["format"] == ARCHIVE_FORMAT
    assert all(isinstance(r, list) for r in doc["values"])
    back = json.loads(json.dumps(doc, ensure_ascii=False))
    assert values_of(back) == rep.values
    stamped = values_of(back, source="archive/2024-Q1/P1/v2_x.xlsx", version=2, text=sys.intern)
    assert [(v.source, v.version) for v in stamped] == [("archive/2024-Q1/P1/v2_x.xlsx", 2)] * 3
    assert [v.value for v in stamped] == [v.value for v in rep.values]
    # the rest of the document is the report's
    again = FileReport.from_dict(back)
    assert (again.unit, again.period, again.errors, again.values) == (rep.unit, rep.period, 1, rep.values)
    assert len(json.dumps(doc["values"])) < len(json.dumps(rep.to_dict()["values"])) * 0.6


def test_the_one_object_a_value_layout_still_reads() -> None:
    rep = _report()
    doc = json.loads(json.dumps(rep.to_dict(), ensure_ascii=False))
    assert doc["format"] == REPORT_FORMAT
    assert values_of(doc) == rep.values
    assert FileReport.from_dict(doc).values == rep.values
    stamped = values_of(doc, source="a.xlsx", version=1)
    assert {(v.source, v.version) for v in stamped} == {("a.xlsx", 1)}


def test_a_value_records_dict_is_its_fields():
    """ValueRecord.to_dict, written out by hand for speed, names every field (a field added
    later and forgotten there fails here)."""
    import dataclasses

    from toolkit.records import ValueRecord

    rec = ValueRecord("P1", "2024-Q1", "NN.X", "value", 2.5, "Biểu", "E13", "a.xlsx", 3)
    assert rec.to_dict() == dataclasses.asdict(rec)
    assert list(rec.to_dict()) == [f.name for f in dataclasses.fields(ValueRecord)]
