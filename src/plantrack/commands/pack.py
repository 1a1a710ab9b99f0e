"""`plantrack pack`: the paper for one board meeting, as Word, HTML or Markdown.

The pack's content is worked out once (pack/model.py), laid out in board members' words once
(pack/layout.py), and drawn by one module per format; this module reads the options, finds
the history of the period where the plan has one, and writes the file(s).
"""

from __future__ import annotations

import re
import sys
import unicodedata
from datetime import date, timedelta
from pathlib import Path

from plantrack.errors import UsageError, WriteFailed
from plantrack.formats.destination import check_output, write_file
from plantrack.pack import layout, model, period
from plantrack.plan.load import display_path, find_plan, load_path, require_plan
from plantrack.plan.model import Plan

DOCX, HTML, MARKDOWN = "docx", "html", "markdown"
FORMATS = (DOCX, HTML, MARKDOWN)
EXTENSIONS = {DOCX: ".docx", HTML: ".html", MARKDOWN: ".md"}
_BY_EXTENSION = {".docx": DOCX, ".html": HTML, ".htm": HTML, ".md": MARKDOWN,
                 ".markdown": MARKDOWN}
MEETING_CYCLE = timedelta(weeks=4)  # default gap to the last and the next meeting


def _err(message: str) -> None:
    from plantrack.messages import err

    err(message)  # escaped, and written as the streams main() set up allow


def _quiet(message: str) -> None:
    """Warnings about old versions of the plan do not concern an officer's short list."""


def choose_format(fmt: str | None, output: str) -> str:
    """--format as given, else from the output file's extension."""
    if fmt is not None:
        return fmt
    suffix = Path(output).suffix.casefold()
    if suffix in _BY_EXTENSION:
        return _BY_EXTENSION[suffix]
    raise UsageError(f"--output '{output}' does not say which format to write; add "
                     f"--format {'|'.join(FORMATS)} (or name the file .docx, .html or .md)")


def read_day(text: str, option: str, today: date) -> date:
    from plantrack.plan import dates

    iso = text.strip()
    try:
        return date.fromisoformat(iso)
    except ValueError:
        pass
    try:
        return dates.read_as_of(text, today)
    except dates.PhraseError as exc:
        raise UsageError(f"{option}: {exc.message}; {exc.hint}") from None


def audience(plan: Plan, selection_label: str, board: str | None, lead: str | None,
             rec: str | None) -> tuple[str, str]:
    """Who the pack is for, from the one filter given ('' for the whole plan)."""
    chosen = [kind for kind, value in (("board", board), ("lead", lead), ("recommendation", rec))
              if value is not None]
    if len(chosen) > 1:
        raise UsageError("give one of --board, --lead or --rec (or none, for the whole plan)")
    if not chosen:
        return "", ""
    # the label reads "board Social Care Management Team": the name after its kind
    name = selection_label.split(" ", 1)[1]
    found = plan.recommendation(name) if chosen[0] == "recommendation" else None
    if found is not None and found.title:
        name = f"{name}: {found.title}"
    return name, chosen[0]


def safe_file_name(name: str) -> str:
    """A lead's name as a file name on any system: letters, digits, '-', '.', '_' only."""
    text = unicodedata.normalize("NFC", name)
    text = re.sub(r"[^\w.-]+", "-", text, flags=re.UNICODE).strip("-.")
    text = text[:80].rstrip("-.") or "lead"
    if text.split(".")[0].upper() in {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(10)),
                                      *(f"LPT{i}" for i in range(10))}:
        text = f"{text}-lead"
    return text


def render(document: layout.Document, fmt: str) -> bytes:
    """The document as the bytes of a file in `fmt`."""
    if fmt == DOCX:
        import io

        from plantrack.formats import docx

        buffer = io.BytesIO()
        docx.write(document, buffer)
        return buffer.getvalue()
    if fmt == HTML:
        from plantrack.formats import html

        return html.render(document).encode("utf-8")
    from plantrack.formats import pack_markdown

    return pack_markdown.render(document).encode("utf-8")


def run(
    *,
    plan: str | None,
    as_of: date,
    today: date,
    board: str | None,
    lead: str | None,
    rec: str | None,
    since: str | None,
    next_meeting: str | None,
    fmt: str | None,
    output: str,
    by_lead: bool,
) -> int:
    """Work the pack out and write it; say on stderr what was written."""
    from plantrack import query

    if by_lead and fmt is None:
        raise UsageError(f"--by-lead writes a folder of files: add --format {'|'.join(FORMATS)}")
    fmt = choose_format(fmt, output)
    if output == "-" and (fmt == DOCX or by_lead):
        raise UsageError("--output -: a Word pack cannot go to stdout, nor one file per lead; "
                         "give a file (or, with --by-lead, a folder) name")
    path = find_plan(plan)
    if not by_lead and output != "-":
        check_output(output, path)
    loaded = require_plan(load_path(path))
    selection = query.select(loaded, query.Filters(
        leads=(lead,) if lead is not None else (), boards=(board,) if board is not None else (),
        recs=(rec,) if rec is not None else ()))
    who, kind = audience(loaded, selection.label, board, lead, rec)
    end = (read_day(next_meeting, "--next", today) if next_meeting is not None
           else as_of + MEETING_CYCLE)
    if end <= as_of:
        raise UsageError(f"--next must be after the meeting ({as_of.isoformat()})")
    if by_lead:  # an officer's short list has no changes (nor period): only git's deadlines
        firsts = period.first_deadlines(path, display_path(path), today, loaded, _quiet)
        found = period.Period(as_of - MEETING_CYCLE, model.History([], firsts), "")
    else:
        found = period.read(path, display_path(path), since, as_of - MEETING_CYCLE, as_of,
                            today, selection, _err, loaded)
    if found.since >= as_of:
        raise UsageError(f"--since must be before the meeting ({as_of.isoformat()})")
    meeting = model.Meeting(as_of, found.since, end, who, kind)
    pack = model.build(loaded, selection, meeting, found.history, found.note)
    if by_lead:
        return _write_by_lead(pack, Path(output), fmt)
    data = render(layout.board_pack(pack), fmt)
    if output == "-":  # the pack itself is the answer: nothing else is said
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return 0
    write_file(Path(output), data)
    figures = pack.headline
    _err(f"{output}: {fmt} pack for {long_on(as_of)}: {figures.actions} actions, "
         f"{figures.overdue} overdue, {figures.due_soon} due before {long_on(end)}")
    return 0


def long_on(day: date) -> str:
    from plantrack.formats.render import long_date

    return long_date(day)


def _write_by_lead(pack: model.Pack, folder: Path, fmt: str) -> int:
    """One short file per lead with something to act on, named after the lead."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WriteFailed(f"cannot make the folder {folder}: {exc.strerror or exc}") from None
    used: set[str] = set()
    leads = model.leads_of(pack)
    for name in leads:
        stem = safe_file_name(name)
        candidate, number = stem, 1
        while candidate.casefold() in used:
            number += 1
            candidate = f"{stem}-{number}"
        used.add(candidate.casefold())
        document = layout.lead_pack(model.for_lead(pack, name))
        write_file(folder / f"{candidate}{EXTENSIONS[fmt]}", render(document, fmt))
    noun = "lead" if len(leads) == 1 else "leads"
    _err(f"{folder}: {len(leads)} {noun} written ({fmt}); leads with nothing overdue, due "
         "soon, to be confirmed or moved get no file")
    return 0
