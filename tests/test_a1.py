"""toolkit.a1: the one set of rules for A1 addresses."""

import pytest

from toolkit.a1 import MAX_COL, MAX_ROW, a1, cell_in_sheet, col_index, col_letter, split_a1


@pytest.mark.parametrize(
    ("col", "letters"), [(1, "A"), (26, "Z"), (27, "AA"), (52, "AZ"), (703, "AAA"), (MAX_COL, "XFD")]
)
def test_column_letters_both_ways(col, letters):
    assert col_letter(col) == letters
    assert col_index(letters) == col


def test_every_column_round_trips():
    assert all(col_index(col_letter(c)) == c for c in range(1, MAX_COL + 1))


def test_split_reads_what_people_write():
    assert split_a1("B12") == (12, 2)
    assert split_a1("$b$12") == (12, 2)
    assert a1(*split_a1("AA7")) == "AA7"
    for bad in ("", "12", "B", "B1:C2", "Sheet!B1", "ABCD1"):
        with pytest.raises(ValueError):
            split_a1(bad)


def test_a_cell_in_a_sheet_exists_there():
    assert cell_in_sheet("XFD1048576") == (MAX_ROW, MAX_COL)
    assert cell_in_sheet("B12") == (12, 2)
    for outside in ("XFE1", "A1048577", "A0", "A01", "$A$1", "a1", "A1:B2", ""):
        assert cell_in_sheet(outside) is None, outside
