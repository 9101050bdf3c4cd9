"""Which files a folder given to `baocao validate` stands for."""

from __future__ import annotations

from toolkit.validate.run import expand_paths


def test_folders_skip_owner_temp_hidden_files_and_copies_beside_their_original(tmp_path):
    names = [
        "v1_abc.xlsx",
        "v1_abc.feedback.xlsx",
        "v1_abc_loi-can-sua.xlsx",
        "~$v1_abc.xlsx",
        ".hidden.xlsx",
        "x.xlsx.tmp",
        "notes.txt",
        "b.XLSX",
    ]
    for n in names:
        (tmp_path / n).write_bytes(b"x")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.xlsx").write_bytes(b"x")
    got = [p.relative_to(tmp_path).as_posix() for p in expand_paths([tmp_path])]
    assert got == ["b.XLSX", "sub/c.xlsx", "v1_abc.xlsx"]


def test_a_corrected_copy_returned_alone_is_a_return(tmp_path):
    # the ward fixed the annotated copy it was sent and returned it: its original is not here
    for n in ["P3_loi-can-sua.xlsx", "v2_def.feedback.xlsx"]:
        (tmp_path / n).write_bytes(b"x")
    got = [p.name for p in expand_paths([tmp_path])]
    assert got == ["P3_loi-can-sua.xlsx", "v2_def.feedback.xlsx"]


def test_a_file_named_explicitly_is_always_taken(tmp_path):
    (tmp_path / "v1_abc.xlsx").write_bytes(b"x")
    f = tmp_path / "v1_abc.feedback.xlsx"
    f.write_bytes(b"x")
    assert expand_paths([f, f]) == [f]
