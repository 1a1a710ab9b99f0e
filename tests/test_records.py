"""Records as JSON and CSV: exactly what the standard library writes, whatever the values."""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from plantrack.formats.escape import for_csv
from plantrack.formats.records import csv_text, json_text, write_csv, write_json


class Captured(io.TextIOWrapper):
    """A text stream over bytes, like sys.stdout (whose .buffer the writers use)."""

    def __init__(self) -> None:
        super().__init__(io.BytesIO(), encoding="utf-8", newline="\n")

    def value(self) -> bytes:
        self.flush()
        return self.buffer.getvalue()  # type: ignore[attr-defined]

    def text(self) -> str:
        return self.value().decode("utf-8")


def library_csv(keys: list[str], records: list[dict[str, Any]]) -> str:
    """What csv.writer writes, with plantrack's cells: None empty, lists joined with '; ', and
    text (a list's too) made safe for a spreadsheet by escape.for_csv."""
    def cell(value: Any) -> Any:
        if isinstance(value, list):
            value = "; ".join(map(str, value))
        return value if value is None else for_csv(str(value))

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(map(for_csv, keys))
    writer.writerows([cell(record.get(key)) for key in keys] for record in records)
    return buffer.getvalue()


# Text with everything CSV and JSON must escape: quotes, commas, line ends, backslashes,
# control characters, accents, and characters outside the BMP.
texts = st.text(alphabet=st.sampled_from('ab ,"\r\n\\\t\x00\x1féŁ–€😀\u2028'), max_size=12) | \
    st.text(max_size=6)
scalars = st.none() | st.booleans() | st.integers(-10**20, 10**20) | texts
values = scalars | st.lists(texts, max_size=3) | st.lists(scalars, max_size=3)
key_names = st.lists(texts, min_size=1, max_size=5, unique=True)


@st.composite
def uniform_records(draw: st.DrawFn) -> tuple[list[str], list[dict[str, Any]]]:
    keys = draw(key_names)
    rows = draw(st.lists(st.lists(values, min_size=len(keys), max_size=len(keys)), max_size=6))
    return keys, [dict(zip(keys, row, strict=True)) for row in rows]


# -- JSON --------------------------------------------------------------------------------------
@settings(max_examples=300)
@given(uniform_records())
def test_json_is_what_json_dumps_writes_for_uniform_records(
    made: tuple[list[str], list[dict[str, Any]]],
) -> None:
    _, records = made
    assert json_text(records) == json.dumps(records, ensure_ascii=False, indent=2) + "\n"


@given(st.recursive(scalars | st.floats(allow_nan=True),
                    lambda inner: st.lists(inner, max_size=3)
                    | st.dictionaries(texts, inner, max_size=3), max_leaves=12))
def test_json_of_anything_else_is_what_json_dumps_writes(value: Any) -> None:
    assert json_text(value) == json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def test_json_of_records_that_differ_or_nest() -> None:
    for records in (
        [{"id": "1"}, {"id": "2", "extra": 1}],  # keys differ
        [{"a": 1, "b": 2}, {"b": 2, "a": 1}],  # same keys, another order
        [{"counts": {"completed": 1}}],  # a nested object
        [{"leads": [["nested"]]}],
        [{"ratio": 0.5}],
        [{1: "a number as a key"}],
        [{}],
        [],
    ):
        assert json_text(records) == json.dumps(records, ensure_ascii=False, indent=2) + "\n"


def test_json_keeps_non_ascii_and_ends_with_a_newline() -> None:
    out = Captured()
    write_json(out, [{"id": "1.1", "lead": "Zoë", "due": None}])
    text = out.text()
    assert "Zoë" in text and text.endswith("]\n")
    assert json.loads(text) == [{"id": "1.1", "lead": "Zoë", "due": None}]


def test_writers_fall_back_to_text_streams() -> None:
    out = io.StringIO()  # no .buffer: written as text
    write_json(out, {"a": 1})
    assert json.loads(out.getvalue()) == {"a": 1}


# -- CSV ---------------------------------------------------------------------------------------
@settings(max_examples=300)
@given(uniform_records())
def test_csv_is_what_csv_writer_writes(made: tuple[list[str], list[dict[str, Any]]]) -> None:
    keys, records = made
    assert csv_text(keys, records) == library_csv(keys, records)


@given(key_names, st.lists(st.dictionaries(texts, values, max_size=4), max_size=5))
def test_csv_of_records_missing_keys_or_with_others(
    keys: list[str], records: list[dict[str, Any]],
) -> None:
    assert csv_text(keys, records) == library_csv(keys, records)


@given(key_names, st.lists(st.dictionaries(texts, values, max_size=4), max_size=5))
def test_csv_cells_never_start_a_formula_or_carry_a_control(
    keys: list[str], records: list[dict[str, Any]],
) -> None:
    """OWASP's rule for CSV meant for Excel: a text cell starting with = + - @ tab or CR gets a
    leading "'"; numbers stay numbers; and no control character but a line break is left."""
    rows = list(csv.reader(io.StringIO(csv_text(keys, records), newline="")))
    for row in rows:
        for cell in row:
            if not re.fullmatch(r"[-+]?(\d+\.?\d*|\.\d+)", cell):  # a number stays a number
                assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
            assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028]", cell), cell


def test_csv_formula_cells_by_example() -> None:
    records = [{"action": '=HYPERLINK("http://x","y")', "lead": ["@SUM(A1)", "Ann"],
                "note": "-", "days": -3, "count": 12, "tab": "\tx", "plain": "a=b",
                "text_number": "-12.5", "sum": "-2+3"}]
    rows = list(csv.reader(io.StringIO(csv_text(list(records[0]), records), newline="")))
    assert rows[1] == ["'=HYPERLINK(\"http://x\",\"y\")", "'@SUM(A1); Ann", "'-", "-3", "12",
                       "'\tx", "a=b", "-12.5", "'-2+3"]


def test_csv_a_lone_empty_field_is_quoted_as_the_library_does() -> None:
    assert csv_text(["note"], [{"note": ""}, {"note": None}, {}]) == 'note\r\n""\r\n""\r\n""\r\n'


def test_csv_has_a_bom_for_excel_and_reads_back() -> None:
    out = Captured()
    records = [
        {"id": "1.1", "leads": ["Zoë Béranger", "Tracy Collins"], "note": None, "days": 3},
        {"id": "1.2", "leads": [], "note": 'said "yes", then\nno', "days": None},
    ]
    write_csv(out, ("id", "leads", "note", "days"), records)
    raw = out.value()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel then reads the accents right
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert rows == [
        ["id", "leads", "note", "days"],
        ["1.1", "Zoë Béranger; Tracy Collins", "", "3"],
        ["1.2", "", 'said "yes", then\nno', ""],
    ]
