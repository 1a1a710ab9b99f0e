"""The editor: exact text before and after each change, under both loaders, and a property test.

Every case asserts the whole new text, so a stray byte anywhere fails it.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plantrack.errors import UsageError
from plantrack.plan import yamlsrc
from plantrack.plan.load import load_source, load_text
from plantrack.plan.model import Action
from plantrack.write import edit
from plantrack.write.edit import EditRefused, FieldChange
from tests.common import dedent

pytestmark = pytest.mark.usefixtures("both_loaders")

HEAD = 'title: Test plan\nrecommendations:\n  - id: "1"\n    actions:\n'


def plan(body: str) -> str:
    """A one-recommendation plan whose actions are `body` (written at column 0, indented here)."""
    lines = dedent(body).splitlines(keepends=True)
    return HEAD + "".join("      " + line if line.strip() else line for line in lines)


def edited(text: str, *ids: str, **wanted: str) -> str:
    result = load_text(text)
    assert result.plan is not None, [str(p) for p in result.problems]
    changes = edit.plan_changes(result.plan, ids or ["1.1"], **wanted)
    return edit.apply_changes(text, result.plan, changes)


def test_status_changes_in_place_and_a_comment_after_it_stays() -> None:
    before = plan("""
        - id: "1.1"
          action: Do it
          status: in-progress   # agreed at board
          note: Started
        """)
    after = before.replace("in-progress   # agreed", "completed   # agreed")
    assert edited(before, status="done") == after


@pytest.mark.parametrize(("old", "new"), [
    ('"in progress"', '"completed"'),
    ("'In Progress'", "'completed'"),
    ("IN_PROGRESS", "completed"),
])
def test_the_quoting_style_of_the_value_is_kept(old: str, new: str) -> None:
    before = plan(f'- id: "1.1"\n  action: Do it\n  status: {old}\n')
    assert edited(before, status="complete") == before.replace(old, new)


@pytest.mark.parametrize(("old", "new"), [
    ("note:\n", "note: Agreed\n"),
    ("note: # to do\n", "note: Agreed # to do\n"),
    ("note: ~\n", "note: Agreed\n"),
    ("note: null  # none yet\n", "note: Agreed  # none yet\n"),
])
def test_an_empty_value_gets_the_new_one_and_keeps_its_comment(old: str, new: str) -> None:
    before = plan(f'- id: "1.1"\n  action: Do it\n  status: blocked\n  {old}  board: B\n')
    assert edited(before, note="Agreed") == before.replace(old, new)


def test_an_absent_note_is_inserted_after_status_before_later_keys() -> None:
    before = plan("""
        - id: "1.1"
          action: Do it
          status: blocked  # waiting
          board: Quality Board
        - id: "1.2"
          action: Other
          status: blocked
        """)
    after = before.replace("# waiting\n", "# waiting\n        note: Waiting for funds\n")
    assert edited(before, note="Waiting for funds") == after


def test_an_absent_due_goes_after_a_block_list_not_after_the_comments_below_it() -> None:
    before = plan("""
        - id: "1.1"
          action: Do it
          lead:
            - Ann Smith
            # - Bob Jones (left in May)

          # the status is agreed monthly
          status: in-progress
        """)
    after = before.replace("(left in May)\n", "(left in May)\n        due: March 2010\n")
    assert edited(before, due="March 2010") == after


def test_an_absent_due_goes_after_start_even_when_keys_are_out_of_order() -> None:
    before = plan("""
        - status: in-progress
          start: January 2010
          id: "1.1"
          action: Do it
        """)
    after = before.replace("January 2010\n", "January 2010\n        due: By March 2010\n")
    assert edited(before, due="By March 2010") == after


def test_an_absent_due_goes_after_a_block_scalar_and_before_its_blank_lines() -> None:
    before = plan("""
        - id: "1.1"
          action: >
            A long action
            over two lines

          status: in-progress
        """)
    after = before.replace("two lines\n", "two lines\n        due: March 2010\n")
    assert edited(before, due="March 2010") == after


def test_insertion_at_the_end_of_a_file_without_a_final_line_break() -> None:
    before = plan('- id: "1.1"\n  action: Do it\n  status: blocked\n').rstrip("\n")
    assert edited(before, note="Asked") == before + "\n        note: Asked"


def test_crlf_line_endings_are_kept_on_changed_and_inserted_lines() -> None:
    before = plan('- id: "1.1"\n  action: Do it\n  status: blocked\n').replace("\n", "\r\n")
    after = before.replace("blocked\r\n", "completed\r\n        note: Done\r\n")
    assert edited(before, status="done", note="Done") == after


def test_non_ascii_text_before_and_after_the_change_is_untouched() -> None:
    before = plan("""
        - id: "1.1"
          action: Réviser la procédure — phase 2 ✓
          status: blocked
          note: 日本語のメモ
          board: Café naïve
        """)
    after = before.replace("blocked", "in-progress").replace("日本語のメモ", "Übergabe — erledigt")
    assert edited(before, status="underway", note="Übergabe — erledigt") == after


@pytest.mark.parametrize(("value", "written"), [
    ("no", "'no'"), ("on", "'on'"), ("Yes", "'Yes'"), ("null", "'null'"), ("~", "'~'"),
    ("1.10", "'1.10'"), ("010", "'010'"), ("1e3", "'1e3'"), ("0o12", "'0o12'"),
    ("3:20", "'3:20'"), ("Agreed: start in May", "'Agreed: start in May'"),
    ("Item #4", "'Item #4'"), ("x  #y", "'x  #y'"), ("Item#4", "Item#4"), ("a:b", "a:b"),
    ("it's agreed", "it's agreed"),
    ("'quoted'", "'''quoted'''"), ('"q"', "'\"q\"'"), ("- a", "'- a'"), ("[x]", "'[x]'"),
    ("{x}", "'{x}'"), ("@home", "'@home'"), ("`x`", "'`x`'"), ("%x", "'%x'"),
    ("!x", "'!x'"), ("&a", "'&a'"), ("*a", "'*a'"), ("? x", "'? x'"), ("key: it's", "'key: it''s'"),
    ("line 1\nline 2", '"line 1\\nline 2"'), ("a\tb", '"a\\tb"'), ("a\x85b", '"a\\Nb"'),
    ("Café naïve", "Café naïve"), ("a\\b", "a\\b"),
])
def test_values_yaml_would_misread_are_quoted(value: str, written: str) -> None:
    before = plan('- id: "1.1"\n  action: Do it\n  status: blocked\n  note: Old\n')
    rendered = edit.render_value(value)
    after = edited(before, note=value)
    assert after == before.replace("note: Old", f"note: {written}")
    assert rendered == written
    assert next(load_text(after).plan.actions).note == value


def test_text_with_a_space_before_a_hash_is_quoted() -> None:
    assert edit.render_value("a #b") == "'a #b'"
    assert edit.render_value("a: b", flow=True) == "'a: b'"
    assert edit.render_value("a, b", flow=True) == "'a, b'"
    assert edit.render_value("a, b") == "a, b"


def test_a_block_scalar_note_becomes_one_line_keeping_its_comment_and_blank_lines() -> None:
    before = plan("""
        - id: "1.1"
          action: Do it
          status: in-progress
          note: |  # long note
            First line
            second line

          board: Quality Board
        """)
    after = before.replace("|  # long note\n          First line\n          second line\n",
                           "Both done  # long note\n")
    assert edited(before, note="Both done") == after


def test_a_folded_note_can_be_cleared() -> None:
    before = plan('- id: "1.1"\n  action: Do it\n  status: blocked\n  note: >-\n    Old\n    t\n')
    after = before.replace("note: >-\n          Old\n          t\n", "note:\n")
    assert edited(before, note="") == after
    assert next(load_text(after).plan.actions).note is None


def test_clearing_a_plain_note_keeps_its_comment() -> None:
    before = plan('- id: "1.1"\n  action: Do it\n  status: blocked\n  note: Old  # c\n')
    assert edited(before, note=" ") == before.replace("note: Old  # c", "note:  # c")


def test_a_multi_line_plain_value_is_replaced_whole() -> None:
    before = plan('- id: "1.1"\n  action: Do it\n  status: blocked\n  note: one\n    two\n')
    assert edited(before, note="New") == before.replace("note: one\n          two", "note: New")


def test_a_flow_mapping_action_is_edited_inside_its_braces() -> None:
    before = plan("""
        - {id: "1.1", action: Do it, lead: [Ann, Bob], status: blocked}  # one line
        - {id: "1.2", action: Other,
           status: blocked, note: }
        """)
    after = (before
             .replace("[Ann, Bob], status: blocked}",
                      "[Ann, Bob], due: '2010-03-31', status: completed, note: 'a, b'}")
             .replace("note: }", "note: Asked }"))
    result = load_text(before)
    changes = [
        *edit.plan_changes(result.plan, ["1.1"], status="done", due="2010-03-31", note="a, b"),
        *edit.plan_changes(result.plan, ["1.2"], note="Asked"),
    ]
    assert edit.apply_changes(before, result.plan, changes) == after


def test_several_actions_and_fields_in_one_go() -> None:
    before = plan("""
        - id: "1.1"
          action: Do it
          status: blocked
        - id: "1.2"
          action: Other
          due: March 2010
          status: not-started
        """)
    after = (before.replace("status: blocked", "due: April 2010\n        status: in-progress")
             .replace("due: March 2010\n        status: not-started",
                      "due: April 2010\n        original_due: March 2010\n"
                      "        status: in-progress"))
    assert edited(before, "1.1", "1.2", "1.1", status="underway", due="April 2010") == after


def test_what_is_already_so_is_no_change() -> None:
    text = plan('- id: "1.1"\n  action: Do it\n  status: In Progress\n  note: Fine\n')
    loaded = load_text(text).plan
    assert edit.plan_changes(loaded, ["1.1"], status="underway", note="Fine") == []
    assert edit.apply_changes(text, loaded, []) == text


def test_a_deadline_before_the_start_is_refused_with_the_plan_problem() -> None:
    text = plan('- id: "1.1"\n  action: Do it\n  start: March 2010\n  status: blocked\n')
    with pytest.raises(UsageError, match=r"would make plan.yaml invalid.*plan.yaml:7:16: "
                       r"error: action 1.1 starts.*start-after-due"):
        edited(text, due="January 2010")


def test_verification_refuses_a_text_that_changes_anything_else() -> None:
    text = plan('- id: "1.1"\n  action: Do it\n  status: blocked\n- id: "1.2"\n  action: B\n'
                '  status: blocked\n')
    old = load_text(text).plan
    change = [FieldChange("1.1", "status", "blocked", "completed")]
    wrong = text.replace("blocked", "completed")  # both actions
    with pytest.raises(EditRefused, match=r"would also alter action 1\.2"):
        edit.verify(old, wrong, change, "plan.yaml")
    with pytest.raises(EditRefused, match=r"the status of action 1\.1"):
        edit.verify(old, text.replace("blocked", "dropped", 1), change, "plan.yaml")
    assert edit.verify(old, text.replace("blocked", "completed", 1), change, "plan.yaml")


@pytest.mark.parametrize(("ids", "message"), [
    (["1.10"], r"no action 1.10 in plan.yaml; did you mean 1.1\?"),
    (["9.9"], r"no action 9.9 in plan.yaml \(its action ids run from 1.1 to 1.2\)"),
    (["1"], r"1 is a recommendation, not an action; give the ids of its actions \(1.1, 1.2\)"),
])
def test_unknown_ids_are_explained(ids: list[str], message: str) -> None:
    text = plan('- id: "1.1"\n  action: A\n  status: blocked\n- id: "1.2"\n  action: B\n'
                '  status: blocked\n')
    with pytest.raises(UsageError, match=message):
        edit.plan_changes(load_text(text).plan, ids, status="done")


def test_bad_status_and_deadline_are_explained() -> None:
    loaded = load_text(plan('- id: "1.1"\n  action: A\n  status: blocked\n')).plan
    with pytest.raises(UsageError, match=r"'finsihed' is not a status; did you mean 'finished', "
                       r"i.e. completed\? \(the statuses are: not-started, in-progress"):
        edit.plan_changes(loaded, ["1.1"], status="finsihed")
    with pytest.raises(UsageError, match=r"--due 'Q1 2010': .*quarter"):
        edit.plan_changes(loaded, ["1.1"], due="Q1 2010")


@pytest.mark.parametrize(("words", "ids", "status"), [
    (["2.3", "done"], ["2.3"], "completed"),
    (["2.3", "2.4", "in", "progress"], ["2.3", "2.4"], "in-progress"),
    (["2.3", "to", "be", "started"], ["2.3"], "not-started"),
    (["2.3", "Underway"], ["2.3"], "in-progress"),
    (["2.3", "finsihed"], ["2.3", "finsihed"], None),
    (["done"], ["done"], None),
])
def test_split_status(words: list[str], ids: list[str], status: str | None) -> None:
    assert edit.split_status(words) == (ids, status)


def test_descriptions() -> None:
    one = FieldChange("2.3", "status", "in-progress", "completed")
    note = FieldChange("2.3", "note", None, "Held")
    assert one.describe() == "2.3  in-progress → completed"
    assert note.describe() == '2.3  note: (none) → "Held"'


def test_unified_diff() -> None:
    assert edit.unified_diff("a\nb\n", "a\nc", "plan.yaml") == (
        "--- a/plan.yaml\n+++ b/plan.yaml\n@@ -1,2 +1,2 @@\n a\n-b\n+c\n"
        "\\ No newline at end of file\n")


def test_every_action_of_the_bundled_plan_changes_only_its_own_lines() -> None:
    raw = (Path(__file__).resolve().parent.parent / "plan.yaml").read_bytes()
    text = yamlsrc.decode(raw, "plan.yaml").text
    old = load_text(text).plan
    ids = [action.id for action in old.actions]
    changes = edit.plan_changes(old, ids, status="on hold", note="Reviewed: on track")
    new_lines = edit.apply_changes(text, old, changes).splitlines(keepends=True)
    old_lines = text.splitlines(keepends=True)
    edited_line = re.compile(r" +(status|note): ")
    removed = [line for line in old_lines if edited_line.match(line)]
    added = [line for line in new_lines if edited_line.match(line)]
    # Everything but status and note lines is identical, in order.
    assert [x for x in new_lines if x not in added] == [x for x in old_lines if x not in removed]
    without_note = sum(1 for action in old.actions if "note" not in action.fields)
    assert len(added) == len(removed) + without_note == 2 * len(ids)
    assert {line.split(": ", 1)[1].split("  #")[0].rstrip() for line in added} == {
        "blocked", "'Reviewed: on track'"}
    comments = [line.split("  #", 1)[1] for line in removed if "  #" in line]
    assert comments and comments == [line.split("  #", 1)[1] for line in added if "  #" in line]


# -- property: random plans, random formatting, random edits ---------------------------------

TEXTS = ["Ann Smith", "Quality Board", "Café — naïve ✓", "it's fine", "Plan B", "x"]
NEW_VALUES = {
    "status": ["done", "in progress", "blocked", "Ongoing", "to be started", "dropped"],
    "note": ["no", "1.10", "a: b", "x #y", "it's", "日本語", "Weekly report sent", "", "null"],
    "due": ["March 2010", "By Nov '09", "2010-03-31", "31/03/2010", "Ongoing", "end of 2010", ""],
}
STATUS_SPELLINGS = ["in-progress", "In progress", "NOT_STARTED", "completed", "blocked"]


@st.composite
def scalars(draw: st.DrawFn, text: str) -> str:
    style = draw(st.sampled_from(["plain", "single", "double"]))
    if style == "single":
        return edit._single_quoted(text)
    return edit._double_quoted(text) if style == "double" else edit.render_value(text)


@st.composite
def actions(draw: st.DrawFn, action_id: str) -> list[str]:
    """One action's lines at column 0 (the caller indents), in a random style."""
    values = {"id": f'"{action_id}"', "action": draw(scalars(draw(st.sampled_from(TEXTS)))),
              "status": draw(scalars(draw(st.sampled_from(STATUS_SPELLINGS))))}
    for key, choices in (("start", ["January 2009"]), ("due", ["March 2010", "By Nov '09"]),
                         ("note", TEXTS), ("board", TEXTS), ("lead", TEXTS)):
        if draw(st.booleans()):
            values[key] = draw(scalars(draw(st.sampled_from(choices))))
    if "lead" in values and draw(st.booleans()):
        values["lead"] = "[Ann, Bob]" if draw(st.booleans()) else "\n  - Ann\n  # gone\n  - Bob"
    if "note" in values and draw(st.booleans()):
        values["note"] = "|\n  First line\n  second line\n"
    keys = draw(st.permutations(list(values)))
    if draw(st.integers(0, 4)) == 0:  # a flow mapping on one line
        inner = ", ".join(f"{k}: {v}" for k, v in values.items() if "\n" not in v)
        return [f"- {{{inner}}}" + draw(st.sampled_from(["", "  # flow"]))]
    lines: list[str] = []
    for number, key in enumerate(keys):
        comment = draw(st.sampled_from(["", "", "  # why"]))
        value = values[key]
        lead_in = "- " if number == 0 else "  "
        if "\n" in value:
            head, *rest = value.split("\n")
            lines.append(f"{lead_in}{key}: {head}{comment}".rstrip())
            lines.extend("  " + line if line else "" for line in rest)
        else:
            lines.append(f"{lead_in}{key}: {value}{comment}")
        lines.extend(draw(st.sampled_from([[], [], [""], ["  # about the next key"]])))
    return lines


@st.composite
def plans(draw: st.DrawFn) -> str:
    lines = ["# generated plan", "title: Generated", "recommendations:"]
    for rec in range(1, draw(st.integers(1, 2)) + 1):
        lines += [f'  - id: "{rec}"', "    actions:"]
        for number in range(1, draw(st.integers(1, 3)) + 1):
            lines += ["      " + line if line else "" for line in draw(actions(f"{rec}.{number}"))]
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    return newline.join(lines) + draw(st.sampled_from([newline, ""]))


def comparable(action: Action, *leave_out: str) -> dict[str, object]:
    values = dataclasses.asdict(dataclasses.replace(action, index=0, fields={}))
    return {key: value for key, value in values.items() if key not in leave_out}


@settings(max_examples=200, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(text=plans(), bom=st.booleans(), data=st.data())
def test_random_plans_change_exactly_one_field_and_its_lines(
    text: str, bom: bool, data: st.DataObject
) -> None:
    source = yamlsrc.decode((yamlsrc.UTF8_BOM if bom else b"") + text.encode(), "plan.yaml")
    old = load_source(source).plan
    assert old is not None, [str(p) for p in load_source(source).problems]
    target = data.draw(st.sampled_from([action.id for action in old.actions]))
    key = data.draw(st.sampled_from(["status", "note", "due"]))
    value = data.draw(st.sampled_from(NEW_VALUES[key]))
    changes = edit.plan_changes(old, [target], **{key: value})
    new_raw = source.encode(edit.apply_changes(source.text, old, changes))
    assert new_raw.startswith(yamlsrc.UTF8_BOM) == bom
    new_text = yamlsrc.decode(new_raw, "plan.yaml").text
    if not changes:
        assert new_text == text
        return
    new = load_text(new_text).plan
    assert new is not None
    altered = {"status": ["status", "status_text"], "note": ["note"],
               "due": ["due", "due_text", "start", "due_kind", "original_due",
                       "original_due_text"]}[key]
    for before, after in zip(old.actions, new.actions, strict=True):
        assert comparable(after, *altered if before.id == target else ()) == comparable(
            before, *altered if before.id == target else ())
    moved = next(a for a in new.actions if a.id == target)
    assert {"status": moved.status, "note": moved.note, "due": moved.due_text}[key] == (
        changes[0].new)
    # Only the lines of that one value differ (or one line is added), with the file's endings.
    old_lines, new_lines = text.splitlines(keepends=True), new_text.splitlines(keepends=True)
    pairs = enumerate(zip(old_lines, new_lines, strict=False))
    same_start = next((i for i, (a, b) in pairs if a != b), min(len(old_lines), len(new_lines)))
    same_end = 0
    while (same_end < min(len(old_lines), len(new_lines)) - same_start
           and old_lines[-1 - same_end] == new_lines[-1 - same_end]):
        same_end += 1
    removed = old_lines[same_start:len(old_lines) - same_end]
    added = new_lines[same_start:len(new_lines) - same_end]
    action = next(a for a in old.actions if a.id == target)
    pos = action.fields.get(key)
    flow = text.startswith("{", action.index)
    if any(change.key == "original_due" for change in changes):
        # A deadline moved for the first time keeps the old one, as written, on one more line.
        assert (moved.original_due, moved.original_due_text) == (action.due, action.due_text)
        if not flow:
            (kept,) = [line for line in added if line.lstrip().startswith("original_due: ")]
            added.remove(kept)
    else:
        assert moved.original_due_text == action.original_due_text
    if pos is None and not flow:
        assert (len(removed), len(added)) == (0, 1) or (  # at the end with no line break
            same_end == 0 and len(removed) == 1 and "\n" not in removed[0])
        assert added[-1].lstrip().startswith(f"{key}: ")
    else:
        spanned = text[action.index if flow else pos.key_start:(pos or action.fields["id"])
                       .value_end].rstrip(" \r\n").count("\n") + 1
        assert len(added) == 1
        assert len(removed) == (1 if flow else spanned)
    if "\r\n" in text:
        assert new_text.count("\n") == new_text.count("\r\n")
