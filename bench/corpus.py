"""N filled commune workbooks, made fast and cached: a few real forms, cloned per unit.

Writing 10.000 forms with xlsxwriter (``toolkit.forms.write_form``, ~40 ms each) would take
minutes. Instead:

1. a few **patterns** are written with the real writer, for the first synthetic commune:
   ``valid-*`` (random valid figures), one or two per planted mistake of
   :data:`bench.fills.MISTAKES` (typed into the form, or made by editing the saved
   file the way a spreadsheet program would), and, when LibreOffice is installed,
   ``lo-*``: some of them re-saved by LibreOffice (recalculated on load);
2. every pattern is validated once (``toolkit.validate.validate_file``): a valid pattern
   must have no error, a planted one must be flagged; what validation said is kept as
   the expected outcome of every file made from it;
3. each of the N files is a pattern **cloned** for its unit: in every part of the
   package the unit code (it is also in the unit's name) and the template id are
   replaced; every typed figure is scaled by a factor of the file's own (0,95–1,05,
   rounded as the catalog's type wants: ratios, parts and changes keep their sense) and
   every formula's cached result is computed again from the form's own formulas
   (:func:`toolkit.forms.formulas.evaluate_all`), so that no two files hold the same
   figures; the parts are deflated again. The result is what the writer would have
   written for that unit and those figures (:func:`verify_clone` checks it cell by cell
   against ``write_form``), a real xlsx, a different file per unit. LibreOffice
   re-saves keep their pattern's figures (their XML is LibreOffice's own).

One file in 20 carries a planted mistake (the 7th, 27th…) and one in 100 is a LibreOffice
re-save (when LibreOffice is installed).
Corpora are cached under the work dir, keyed by N, the catalog version and
:data:`VERSION`; a repeated run reuses them.
"""

from __future__ import annotations

import dataclasses
import io
import json
import os
import random
import re
import shutil
import time
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html import unescape as html_unescape
from pathlib import Path
from typing import Any

from . import benchws, fills

VERSION = 6  # bump when the corpus changes, so that caches are rebuilt (6: corpora per writer)
PLANTED_SHARE = 0.05
LIBREOFFICE_SHARE = 0.01
VALID_PATTERNS = 24
# "1.234" typed as text is read with the same period as the reference: scaled figures would
# move the reference and may change the verdict, so these files keep their pattern's figures
FIXED_KINDS = ("ambiguous-number",)
GENERATED_AT = datetime(2024, 3, 18, 9, 0, tzinfo=UTC)


# the programs a corpus's files are saved by: every real return has been opened and saved
# by a spreadsheet program; "xlsxwriter" is baocao's own writer, as the forms are sent out
WRITERS = ("libreoffice", "gnumeric", "xlsxwriter")


def available_writers() -> list[str]:
    """The writers installed here, the realistic ones first."""
    from toolkit.libreoffice import find_soffice

    out = []
    if find_soffice() is not None:
        out.append("libreoffice")
    if shutil.which("ssconvert"):
        out.append("gnumeric")
    return [*out, "xlsxwriter"]


def resave(paths: list[Path], writer: str, outdir: Path) -> list[Path]:
    """Each file opened and saved again as .xlsx by ``writer`` (LibreOffice with a private
    profile, recalculating on load; Gnumeric's ``ssconvert``), in ``outdir``, in order."""
    outdir.mkdir(parents=True, exist_ok=True)
    if writer == "libreoffice":
        from toolkit.libreoffice import convert_many

        return convert_many(paths, "xlsx", outdir, recalc=True)
    if writer == "gnumeric":
        import subprocess

        out = []
        for p in paths:
            dest = outdir / p.name
            proc = subprocess.run(
                ["ssconvert", str(p), str(dest)],
                capture_output=True,
                text=True,
                timeout=120,
            )
            if proc.returncode != 0 or not dest.is_file():
                raise RuntimeError(f"ssconvert {p.name}: {(proc.stderr or proc.stdout).strip()[-300:]}")
            out.append(dest)
        return out
    raise ValueError(f"unknown writer {writer!r} (known: {', '.join(WRITERS)})")


@dataclass
class Pattern:
    name: str
    kind: str  # "valid" or a key of fills.MISTAKES
    path: str  # the pattern workbook (for the first synthetic unit)
    indicator: str | None = None  # where the mistake was planted
    libreoffice: bool = False
    writer: str = "xlsxwriter"  # the program that saved it last
    errors: int = 0  # what validation said about it
    warnings: int = 0
    codes: list[str] = field(default_factory=list)
    flagged_at_plant: bool = False  # a finding names the planted indicator or cell

    @property
    def planted(self) -> bool:
        return self.kind != "valid"


@dataclass
class Corpus:
    dir: Path
    n: int
    files: list[dict[str, Any]]  # name, unit, pattern
    patterns: dict[str, Pattern]
    seconds: dict[str, float]
    writer: str = "xlsxwriter"
    cached: bool = False
    notes: list[str] = field(default_factory=list)

    def paths(self) -> list[Path]:
        return [self.dir / f["name"] for f in self.files]

    def expected_invalid(self) -> int:
        return sum(1 for f in self.files if self.patterns[f["pattern"]].errors)

    def to_dict(self) -> dict[str, Any]:
        kinds: dict[str, int] = {}
        for f in self.files:
            k = self.patterns[f["pattern"]].kind
            kinds[k] = kinds.get(k, 0) + 1
        size = sum((self.dir / f["name"]).stat().st_size for f in self.files[:200])
        return {
            "dir": str(self.dir),
            "n": self.n,
            "writer": self.writer,
            "cached": self.cached,
            "seconds": self.seconds,
            "files_by_kind": kinds,
            "planted": sum(v for k, v in kinds.items() if k != "valid"),
            "libreoffice": sum(1 for f in self.files if self.patterns[f["pattern"]].libreoffice),
            "expected_invalid": self.expected_invalid(),
            "mean_file_kb": round(size / max(1, min(200, len(self.files))) / 1024, 1),
            "patterns": {k: dataclasses.asdict(p) for k, p in self.patterns.items()},
            "notes": self.notes,
        }


# --- cloning ---------------------------------------------------------------------------------------
Entries = list[tuple[zipfile.ZipInfo, bytes]]


def read_entries(path: Path) -> Entries:
    with zipfile.ZipFile(path) as z:
        return [(i, z.read(i.filename)) for i in z.infolist()]


def clone(entries: Entries, subs: list[tuple[bytes, bytes]]) -> bytes:
    """The package with every substitution applied to every part, deflated again."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in entries:
            for old, new in subs:
                data = data.replace(old, new)
            zi = zipfile.ZipInfo(info.filename, info.date_time)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = info.external_attr
            z.writestr(zi, data)
    return buf.getvalue()


def template_id_for(plan: Any, unit: Any, catalog_version: str) -> str:
    from toolkit.forms.writer import template_id

    return template_id(dataclasses.replace(plan, unit=unit), catalog_version)


def _subs(base_code: str, base_tid: str, code: str, tid: str) -> list[tuple[bytes, bytes]]:
    return [(base_tid.encode(), tid.encode()), (base_code.encode(), code.encode())]


# --- each file its own figures -------------------------------------------------------------------------
_XL_ERRORS = ("#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!")
_CELL_XML = re.compile(
    rb'<c r="([A-Z]+[0-9]+)"( s="[0-9]+")?( t="[a-z]+")?(?:/>|>(<f>[^<]*</f>)?(?:<v>([^<]*)</v>)?</c>)'
)


@dataclass
class Figures:
    """What re-figuring a pattern needs: its typed numbers, the form's formulas, the types."""

    numbers: dict[str, float]  # address -> typed number (input cells holding a number)
    formulas: dict[str, Any]  # address -> toolkit.forms.formulas expression (every formula of the form)
    integer: set[str]  # addresses of whole-number indicators
    decimals: dict[str, int]


def figures_of(plan: Any, catalog: Any, sheet_xml: bytes) -> Figures:
    inputs = {cp.address: key for key, cp in plan.inputs().items()}
    numbers: dict[str, float] = {}
    for m in _CELL_XML.finditer(sheet_xml):
        addr = m.group(1).decode()
        if addr not in inputs or m.group(4) or m.group(5) is None:
            continue
        if m.group(3) == b' t="s"':
            continue  # text typed as a shared string: looked up below
        numbers[addr] = float(m.group(5))
    ints = {cp.address for key, cp in plan.inputs().items() if catalog.indicators[key[0]].type == "integer"}
    decs = {cp.address: min(2, catalog.indicators[key[0]].decimals) for key, cp in plan.inputs().items()}
    return Figures(numbers, plan.formulas(), ints, decs)


def _num_text(v: float) -> bytes:
    return f"{v:.16G}".encode()


def _escape(text: str) -> bytes:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").encode()


def refigure(sheet_xml: bytes, fig: Figures, k: float, texts: dict[str, str]) -> bytes:
    """The form sheet with every typed number scaled by ``k`` and every formula result
    computed again, written as xlsxwriter writes them (see toolkit.forms.writer)."""
    from toolkit.forms import formulas as fx

    new: dict[str, float] = {}
    for addr, v in fig.numbers.items():
        x = v * k
        x = float(round(x)) if addr in fig.integer else round(x, fig.decimals.get(addr, 2))
        if v != 0 and x == 0:
            x = v
        new[addr] = x
    known: dict[str, Any] = {**texts, **new}
    cached = fx.evaluate_all(fig.formulas, known)

    def sub(m: re.Match[bytes]) -> bytes:
        addr = m.group(1).decode()
        if addr in new and not m.group(4):
            return b'<c r="' + m.group(1) + b'"' + (m.group(2) or b"") + b"><v>" + _num_text(new[addr]) + b"</v></c>"
        if m.group(4) and addr in cached:
            val = cached[addr]
            if val is None or val == "":
                t, v = b"", b""
            elif isinstance(val, fx.XlError) or (isinstance(val, str) and val in _XL_ERRORS):
                t, v = b' t="e"', str(val).encode()
            elif isinstance(val, bool):
                t, v = b' t="b"', b"1" if val else b"0"
            elif isinstance(val, str):
                t, v = b' t="str"', _escape(val)
            else:
                t, v = b"", str(val).encode()
            return (
                b'<c r="' + m.group(1) + b'"' + (m.group(2) or b"") + t + b">" + m.group(4) + b"<v>" + v + b"</v></c>"
            )
        return m.group(0)

    return _CELL_XML.sub(sub, sheet_xml)


def shared_texts(entries: Entries, fig: Figures, sheet_xml: bytes) -> dict[str, str]:
    """Text typed into input cells (as shared strings): the formulas see them as text."""
    sst_xml = next((d for i, d in entries if i.filename == "xl/sharedStrings.xml"), b"")
    strings = [html_unescape(x.decode()) for x in re.findall(rb"<t[^>]*>([^<]*)</t>", sst_xml)]
    out: dict[str, str] = {}
    for m in _CELL_XML.finditer(sheet_xml):
        if m.group(3) == b' t="s"' and m.group(5) is not None and not m.group(4):
            addr = m.group(1).decode()
            i = int(m.group(5))
            if addr in fig.decimals and i < len(strings):
                out[addr] = strings[i]
    return out


# --- xml mistakes (a saved file edited as a spreadsheet program would) -------------------------------
_FORMULA_CELL = re.compile(rb'(<c r="([EG][0-9]+)"[^>]*?)(?: t="[a-z]+")?([^>]*)><f>[^<]*</f>(?:<v>[^<]*</v>)?</c>')


def _form_part(entries: Entries) -> int:
    for n, (info, _data) in enumerate(entries):
        if info.filename == "xl/worksheets/sheet1.xml":
            return n
    raise ValueError("no first worksheet in the pattern")


def overwrite_formula(entries: Entries) -> tuple[Entries, str]:
    """The first formula of a data column replaced by a typed number (a formula typed over)."""
    n = _form_part(entries)
    info, data = entries[n]
    m = _FORMULA_CELL.search(data)
    if m is None:
        raise ValueError("no formula in a data column of the form sheet")
    new = m.group(1) + m.group(3) + b"><v>4321</v></c>"
    out = list(entries)
    out[n] = (info, data[: m.start()] + new + data[m.end() :])
    return out, m.group(2).decode()


def remove_protection(entries: Entries) -> tuple[Entries, str]:
    n = _form_part(entries)
    info, data = entries[n]
    new = re.sub(rb"<sheetProtection[^>]*/>", b"", data)
    if new == data:
        raise ValueError("the form sheet is not protected")
    out = list(entries)
    out[n] = (info, new)
    return out, ""


# --- making the patterns ------------------------------------------------------------------------------
def _flagged(report: Any, indicator: str | None, cell: str | None) -> bool:
    for f in report.findings:
        if indicator and (f.indicator == indicator or indicator in (f.message_en or "")):
            return True
        if cell and f.cell == cell:
            return True
    return False


def make_patterns(
    ws: Any, n: int, out: Path, rng: random.Random, *, libreoffice: bool, writer: str = "xlsxwriter"
) -> tuple[dict[str, Pattern], list[str]]:
    """Write, plant and validate the patterns in ``out``; see the module docstring."""
    from toolkit.forms import plan_form, write_form
    from toolkit.periods import Period
    from toolkit.validate import validate_file

    period = Period.parse(benchws.PERIOD)
    code = benchws.unit_code(1, n)
    unit = ws.units[code]
    plan = plan_form(ws, unit, period)
    inputs = list(plan.inputs())
    inds = ws.indicators_for(unit)
    notes: list[str] = []
    out.mkdir(parents=True, exist_ok=True)
    patterns: dict[str, Pattern] = {}

    def write(name: str, kind: str, fill: dict, indicator: str | None = None) -> Pattern:
        path = out / f"{name}.xlsx"
        write_form(ws, code, period, path, fill=fill, generated_at=GENERATED_AT)
        p = Pattern(name, kind, str(path), indicator)
        patterns[name] = p
        return p

    # valid patterns: retry a seed whose figures trip a rule (reported, never hidden)
    made = tries = 0
    while made < VALID_PATTERNS:
        tries += 1
        if tries > VALID_PATTERNS * 4:
            raise RuntimeError("cannot produce valid fills for this catalog: " + "; ".join(notes[-3:]))
        fill = fills.valid_fill(ws.catalog, inds, inputs, rng)
        p = write(f"valid-{made:02d}", "valid", fill)
        rep = validate_file(p.path, ws)
        if rep.errors:
            notes.append(f"valid fill rejected ({', '.join(sorted({f.code for f in rep.findings if f.is_error}))})")
            del patterns[p.name]
            os.unlink(p.path)
            continue
        made += 1

    for kind, how in fills.MISTAKES.items():
        for variant in range(2):
            name = f"{kind}-{variant}"
            fill = fills.valid_fill(ws.catalog, inds, inputs, rng)
            if how == "fill":
                where = fills.plant(kind, fill, ws.catalog, inds, rng)
                if where is None:
                    notes.append(f"{kind}: no place for it in this catalog")
                    break
                write(name, kind, fill, where)
            else:
                p = write(name, kind, fill)
                entries = read_entries(Path(p.path))
                entries, cell = (
                    overwrite_formula(entries) if kind == "formula-overwritten" else remove_protection(entries)
                )
                Path(p.path).write_bytes(clone(entries, []))
                p.indicator = None
                p.codes = [cell] if cell else []

    if writer != "xlsxwriter":
        # the realistic corpus: every pattern, valid or planted, opened and saved by the writer
        names = list(patterns)
        t0 = time.perf_counter()
        saved = resave([Path(patterns[k].path) for k in names], writer, out / writer)
        notes.append(f"{len(names)} patterns re-saved by {writer} in {time.perf_counter() - t0:.1f} s")
        for k, conv in zip(names, saved, strict=True):
            p = patterns[k]
            shutil.move(conv, p.path)
            p.writer, p.libreoffice = writer, writer == "libreoffice"
        shutil.rmtree(out / writer, ignore_errors=True)
        libreoffice = False  # no mixing: the whole corpus is this writer's
    if libreoffice:
        from toolkit.libreoffice import LibreOfficeError, convert_many

        chosen = [
            patterns[k] for k in ("valid-00", "valid-01", "valid-02", "text-number-0", "over-max-0") if k in patterns
        ]
        try:
            lo_dir = out / "libreoffice"
            converted = convert_many([Path(p.path) for p in chosen], "xlsx", lo_dir, recalc=True)
        except LibreOfficeError as e:
            notes.append(f"LibreOffice re-saves skipped: {e}")
        else:
            for p, conv in zip(chosen, converted, strict=True):
                name = f"lo-{p.name}"
                dest = out / f"{name}.xlsx"
                shutil.move(conv, dest)
                patterns[name] = Pattern(name, p.kind, str(dest), p.indicator, libreoffice=True, writer="libreoffice")
            shutil.rmtree(lo_dir, ignore_errors=True)

    for p in patterns.values():
        cell = p.codes[0] if p.kind == "formula-overwritten" and p.codes else None
        rep = validate_file(p.path, ws)
        p.errors, p.warnings = rep.errors, rep.warnings
        p.codes = sorted({f.code for f in rep.findings})
        p.flagged_at_plant = p.kind == "unprotected" and bool(rep.findings) or _flagged(rep, p.indicator, cell)
        if p.kind == "valid" and p.errors:
            notes.append(f"{p.name}: a valid pattern has errors after re-saving: {p.codes}")
        if p.planted and not (p.errors or p.warnings):
            notes.append(f"{p.name}: planted mistake '{p.kind}' not flagged by validation")
    return patterns, notes


# --- the corpus -----------------------------------------------------------------------------------------
_JOB: dict[str, Any] = {}


def _clone_chunk(items: list[tuple[str, str, str, str, float]]) -> int:
    """(pattern, file name, unit code, template id, factor) -> files written; runs in a worker."""
    base_code, base_tid, out = _JOB["base_code"], _JOB["base_tid"], _JOB["out"]
    cache: dict[str, tuple[Entries, int, Figures | None, dict[str, str]]] = _JOB.setdefault("entries", {})
    for pattern, name, code, tid, k in items:
        hit = cache.get(pattern)
        if hit is None:
            entries = read_entries(Path(_JOB["patterns"][pattern]))
            n = _form_part(entries)
            fig = None if pattern in _JOB["fixed"] else figures_of(_JOB["plan"], _JOB["catalog"], entries[n][1])
            texts = shared_texts(entries, fig, entries[n][1]) if fig is not None else {}
            hit = cache[pattern] = (entries, n, fig, texts)
        entries, n, fig, texts = hit
        if fig is not None and k != 1.0:
            entries = list(entries)
            entries[n] = (entries[n][0], refigure(entries[n][1], fig, k, texts))
        data = clone(entries, _subs(base_code, base_tid, code, tid))
        tmp = out / (name + ".part")
        tmp.write_bytes(data)
        os.replace(tmp, out / name)
    return len(items)


def corpus_dir(work: Path, n: int, catalog_version: str, writer: str = "xlsxwriter") -> Path:
    return work / "corpus" / f"n{n}-{catalog_version}-v{VERSION}-{writer}"


def load_cached(d: Path) -> Corpus | None:
    manifest = d / "manifest.json"
    if not manifest.is_file():
        return None
    try:
        doc = json.loads(manifest.read_text(encoding="utf-8"))
        pats = {k: Pattern(**v) for k, v in doc["patterns"].items()}
        c = Corpus(
            d,
            doc["n"],
            doc["files"],
            pats,
            doc["seconds"],
            writer=doc.get("writer", "xlsxwriter"),
            cached=True,
            notes=doc.get("notes", []),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not all((d / f["name"]).is_file() for f in c.files):
        return None
    return c


def generate(
    ws: Any,
    work: Path,
    n: int,
    *,
    jobs: int,
    seed: int = 2024,
    libreoffice: bool | None = None,
    writer: str = "xlsxwriter",
    log: Any = print,
) -> Corpus:
    """The corpus of ``n`` files for the bench workspace ``ws`` (cached under ``work``).

    ``writer``: "xlsxwriter" (the forms as baocao writes them, one in 100 re-saved by
    LibreOffice when ``libreoffice``) or a spreadsheet program of :data:`WRITERS` that
    opens and saves every pattern before the cloning (the files keep their pattern's
    figures: their XML is that program's own)."""
    from toolkit.forms import plan_form
    from toolkit.libreoffice import find_soffice
    from toolkit.periods import Period

    d = corpus_dir(work, n, ws.catalog.version, writer)
    cached = load_cached(d)
    if cached is not None:
        log(f"corpus ({writer}): {n} files reused from {d}")
        return cached
    if d.exists():
        shutil.rmtree(d)
    files_dir = d / "files"
    files_dir.mkdir(parents=True)
    rng = random.Random(seed)
    if libreoffice is None:
        libreoffice = find_soffice() is not None
    seconds: dict[str, float] = {}

    t0 = time.perf_counter()
    patterns, notes = make_patterns(ws, n, d / "patterns", rng, libreoffice=libreoffice, writer=writer)
    seconds["patterns"] = round(time.perf_counter() - t0, 3)
    log(f"corpus ({writer}): {len(patterns)} patterns written and validated in {seconds['patterns']:.1f} s")

    mixed = writer == "xlsxwriter"  # its re-saves are the 1 in 100; else every file is the writer's
    valid = [p.name for p in patterns.values() if p.kind == "valid" and (not p.libreoffice or not mixed)]
    planted = [p.name for p in patterns.values() if p.planted and (not p.libreoffice or not mixed)]
    lo_valid = [p.name for p in patterns.values() if p.libreoffice and not p.planted] if mixed else []
    lo_planted = [p.name for p in patterns.values() if p.libreoffice and p.planted] if mixed else []
    period = Period.parse(benchws.PERIOD)
    base_code = benchws.unit_code(1, n)
    plan = plan_form(ws, ws.units[base_code], period)
    cv = ws.catalog.version
    base_tid = template_id_for(plan, ws.units[base_code], cv)
    files: list[dict[str, Any]] = []
    items: list[tuple[str, str, str, str, float]] = []
    for i in range(1, n + 1):
        code = benchws.unit_code(i, n)
        is_planted = i % round(1 / PLANTED_SHARE) == 7 % round(1 / PLANTED_SHARE)  # exactly 1 in 20
        is_lo = bool(lo_valid) and i % round(1 / LIBREOFFICE_SHARE) == 13 % round(1 / LIBREOFFICE_SHARE)
        if is_lo:
            pool = lo_planted if is_planted and lo_planted else lo_valid
        else:
            pool = planted if is_planted else valid
        pattern = rng.choice(pool)
        name = f"{period.code}_{code}.xlsx"
        p = patterns[pattern]
        fixed = p.writer != "xlsxwriter" or p.kind in FIXED_KINDS
        k = 1.0 if i == 1 or fixed else round(rng.uniform(0.95, 1.05), 4)
        files.append({"name": f"files/{name}", "unit": code, "pattern": pattern, "factor": k})
        items.append((pattern, name, code, template_id_for(plan, ws.units[code], cv), k))

    t0 = time.perf_counter()
    _JOB.clear()
    _JOB.update(
        base_code=base_code,
        base_tid=base_tid,
        out=files_dir,
        plan=plan,
        catalog=ws.catalog,
        patterns={k: p.path for k, p in patterns.items()},
        fixed={k for k, p in patterns.items() if p.writer != "xlsxwriter" or p.kind in FIXED_KINDS},
    )
    size = max(1, min(500, -(-len(items) // max(1, jobs * 4))))
    chunks = [items[i : i + size] for i in range(0, len(items), size)]
    if jobs > 1 and len(chunks) > 1:
        import multiprocessing as mp

        with mp.get_context("fork").Pool(jobs) as pool:
            done = sum(pool.imap_unordered(_clone_chunk, chunks))
    else:
        done = sum(_clone_chunk(c) for c in chunks)
    _JOB.clear()
    seconds["clone"] = round(time.perf_counter() - t0, 3)
    log(f"corpus ({writer}): {done} files cloned in {seconds['clone']:.1f} s ({jobs} processes)")

    corpus = Corpus(d, n, files, patterns, seconds, writer=writer, notes=notes)
    doc = {
        "n": n,
        "writer": writer,
        "files": files,
        "patterns": {k: dataclasses.asdict(p) for k, p in patterns.items()},
        "seconds": seconds,
        "notes": notes,
    }
    (d / "manifest.json").write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
    return corpus


def verify_clone(ws: Any, corpus: Corpus, index: int, work: Path) -> list[str]:
    """Differences between a cloned file and ``write_form`` for the same unit and figures.

    The figures are read back from the cloned file itself; only ``generated_at`` may differ
    (patterns are written with a fixed one). An empty list: identical cells.
    """
    from toolkit.forms import plan_form, write_form
    from toolkit.gate import read_workbook
    from toolkit.periods import Period

    f = corpus.files[index]
    pat = corpus.patterns[f["pattern"]]
    if pat.libreoffice or pat.writer != "xlsxwriter" or fills.MISTAKES.get(pat.kind) == "xml":
        return []  # made by another program: nothing to compare with
    period = Period.parse(benchws.PERIOD)
    base = read_workbook(corpus.dir / f["name"]).book
    assert base is not None
    plan = plan_form(ws, ws.units[benchws.unit_code(1, corpus.n)], period)
    form = base.sheet("Biểu số liệu") or base.sheets[0]
    fill = {}
    for key, cp in plan.inputs().items():
        c = form.get(cp.address)
        if c is not None and c.value not in (None, ""):
            fill[key] = c.value
    ref = work / "verify" / f"{f['unit']}.xlsx"
    write_form(ws, f["unit"], period, ref, fill=fill, generated_at=GENERATED_AT)
    a, b = read_workbook(corpus.dir / f["name"]).book, read_workbook(ref).book
    assert a is not None and b is not None
    diffs: list[str] = []
    if a.defined_names != b.defined_names:
        diffs.append(f"defined names: {a.defined_names} != {b.defined_names}")
    for sa, sb in zip(a.sheets, b.sheets, strict=False):
        if sa.name != sb.name or sa.state != sb.state or sa.protected != sb.protected:
            diffs.append(f"sheet {sa.name}/{sb.name}")
        for ref_, ca in sa.cells.items():
            cb = sb.cells.get(ref_)
            if cb is None or (ca.value, ca.formula, ca.style) != (cb.value, cb.formula, cb.style):
                diffs.append(f"{sa.name}!{ref_}: {ca.value!r} != {cb.value if cb else None!r}")
        diffs.extend(f"{sb.name}!{r}: missing" for r in sb.cells.keys() - sa.cells.keys())
    return diffs
