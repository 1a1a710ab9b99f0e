"""Why a word is not a status, and what to write instead, without ever reversing its meaning.

Plans arrive with their own words (`Not implemented`, `Partially completed`, `Red`). A
spelling-only suggestion once told people that `closed` might be `blocked` and that `Not
implemented` might be `completed`. So a suggestion comes from one of three places, in order:
  1. words that are RAG colours point at the `rag:` field;
  2. words whose meaning depends on the plan (`open`) say so;
  3. a table of words by meaning (`Not implemented` → not-started), offered as a line to add
     under `statuses:`, never silently accepted;
  4. a near spelling of a status word (`complted` → completed);
otherwise the vocabulary is listed with how to map the word. Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping

from plantrack.plan.model import (
    BLOCKED,
    DROPPED,
    IN_PROGRESS,
    NOT_STARTED,
    ONGOING,
    STATUS_SYNONYMS,
    STATUSES,
    fold_status,
)

# Words that rate an action rather than say where it stands.
RAG_STATUS_WORDS = frozenset({
    "red", "amber", "green", "blue", "r", "a", "g", "b", "rag", "red/amber", "amber/green",
})
# Words a plan uses for more than one status: the plan must say which it means.
AMBIGUOUS: Mapping[str, tuple[str, ...]] = {
    "open": (NOT_STARTED, IN_PROGRESS, ONGOING, BLOCKED),
    "pending": (NOT_STARTED, BLOCKED),
    "active": (IN_PROGRESS, ONGOING),
    "outstanding": (NOT_STARTED, IN_PROGRESS, BLOCKED),
}
# Words seen in real trackers, by what they most likely mean there. Not accepted as they are:
# a plan confirms the meaning with one line under `statuses:`.
LIKELY_MEANING: Mapping[str, str] = {
    "not-implemented": NOT_STARTED,
    "not-yet-implemented": NOT_STARTED,
    "not-begun": NOT_STARTED,
    "planned": NOT_STARTED,
    "partially-completed": IN_PROGRESS,
    "partially-complete": IN_PROGRESS,
    "partially-implemented": IN_PROGRESS,
    "partly-done": IN_PROGRESS,
    "partly-completed": IN_PROGRESS,
    "delayed": IN_PROGRESS,
    "behind-schedule": IN_PROGRESS,
    "on-track": IN_PROGRESS,
    "overdue": IN_PROGRESS,
    "monitoring": ONGOING,
    "monitoring-arrangements-in-place": ONGOING,
    "business-as-usual": ONGOING,
    "bau": ONGOING,
    "embedded": ONGOING,
    "in-place": ONGOING,
    "deferred": BLOCKED,
    "paused": BLOCKED,
    "awaiting": BLOCKED,
    "pending-guidance": BLOCKED,
    "superseded": DROPPED,
    "no-longer-required": DROPPED,
    "not-required": DROPPED,
    "not-applicable": DROPPED,
    "n/a": DROPPED,
}


def status_words() -> tuple[str, ...]:
    """Every word understood without a plan's help: the statuses, then the other words."""
    return (*STATUSES, *(word.replace("-", " ") for word in STATUS_SYNONYMS))


def likely_status(word: str) -> str | None:
    """The status a tracker's word most likely means, or None when there is no safe guess."""
    folded = fold_status(word)
    meant = LIKELY_MEANING.get(folded)
    if meant is None and folded.startswith(("partially-", "partly-")):
        meant = IN_PROGRESS
    return meant


# A prefix that turns a word into its opposite (`uncompleted`, `incomplete`, `unblocked`): two
# letters of difference, but never a misspelling.
_NEGATIONS = ("un", "in", "im", "non", "not", "no-", "dis")


def _negated(a: str, b: str) -> bool:
    return any(a.startswith(prefix) != b.startswith(prefix) for prefix in _NEGATIONS)


def _misspelt(folded: str) -> str | None:
    """The status word `folded` is a misspelling of: at most two edits, most letters kept, and
    no negating prefix added or lost."""
    from difflib import SequenceMatcher

    for words in (STATUSES, tuple(STATUS_SYNONYMS)):  # the statuses themselves first
        best: tuple[float, str] | None = None
        for candidate in words:
            if abs(len(candidate) - len(folded)) > 2 or len(candidate) < 4 \
                    or _negated(folded, candidate):
                continue
            ratio = SequenceMatcher(a=folded, b=candidate).ratio()
            if ratio >= 0.8 and within_edits(folded, candidate, 1 if len(candidate) <= 5 else 2) \
                    and (best is None or ratio > best[0]):
                best = (ratio, candidate)
        if best is not None:
            return best[1]
    return None


def within_edits(a: str, b: str, most: int) -> bool:
    """Is `a` at most `most` single-letter edits (Levenshtein) from `b`? Stops as soon as the
    answer is no: lengths too far apart, or a whole row of the table already over `most`.
    The one edit distance: status spellings here, near-miss names in namecheck.py."""
    if abs(len(a) - len(b)) > most:
        return False
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1,
                               previous[j - 1] + (char_a != char_b)))
        if min(current) > most:
            return False
        previous = current
    return previous[-1] <= most


def _mapping_line(word: str, status: str) -> str:
    return f"'{word}: {status}'"


def explain_status(word: str) -> str:
    """What follows "'WORD' is not a status": the reason and what to write instead.

    Starts with '; ' or ' (' so callers can append it to their own first words.
    """
    folded = fold_status(word)
    vocabulary = ", ".join(STATUSES)
    if folded in RAG_STATUS_WORDS:
        return (f": it is a RAG colour; put the owner's rating in the action's 'rag:' field "
                f"(red, amber, green or blue) and give the status as one of: {vocabulary}")
    if folded in AMBIGUOUS:
        options = ", ".join(AMBIGUOUS[folded])
        return (f": it could mean any of {options}; write the one you mean, or say what the "
                f"plan means by it under 'statuses:', e.g. {_mapping_line(word, IN_PROGRESS)}")
    meant = likely_status(word)
    if meant is not None:
        return (f"; if it means {meant}, add {_mapping_line(word, meant)} under 'statuses:' at "
                f"the top of the plan (the statuses are: {vocabulary})")
    close = _misspelt(folded)
    if close is not None:
        meaning = STATUS_SYNONYMS.get(close)
        spoken = close.replace("-", " ") if meaning else close
        also = f", i.e. {meaning}" if meaning else ""
        return f"; did you mean '{spoken}'{also}? (the statuses are: {vocabulary})"
    return (f"; use one of: {vocabulary}, or map the plan's word under 'statuses:' at the top "
            f"of the plan, e.g. {_mapping_line(word, IN_PROGRESS)}")
