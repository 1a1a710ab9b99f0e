"""The parsed-plan cache: a hit is indistinguishable from a fresh load, and a cache that is
missing, corrupt, foreign or unwritable only ever costs time, never a wrong answer."""

from __future__ import annotations

import gc
import importlib.util
import json
import os
import sys
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest

from plantrack.plan import cache, cachedir, load
from plantrack.plan.load import LoadResult, load_path
from plantrack.plan.model import FieldPos
from plantrack.plan.yamlsrc import Source
from tests.common import DATED_PLAN, MINIMAL_PLAN, OWN_WORDS_PLAN, dedent

pytestmark = pytest.mark.usefixtures("both_loaders")

ROOT = Path(__file__).resolve().parent.parent
BUNDLED_PLAN = ROOT / "plan.yaml"


def _generator() -> Callable[[int, int], str]:
    spec = importlib.util.spec_from_file_location("bench_generate", ROOT / "bench" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being defined
    spec.loader.exec_module(module)
    return module.generate_plan


generate_plan = _generator()

WITH_WARNINGS = dedent(
    """
    title: Warnings only
    aliases:
      Ann Smyth: Ann Smith
    recommendations:
      - id: "1"
        actions:
          - id: "1.1"
            action: "Agreed: nobody leads this yet"
            due: From January 2010 – by March 2010
            status: In progress
    """
)
WITH_ERRORS = dedent(
    """
    title: Broken
    recommendations:
      - id: "1"
        actions:
          - id: "1.1"
            action: Something
            due: sometime soon
            status: finished-ish
            colour: red
    """
)


@pytest.fixture
def cache_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(cache.CACHE_DIR_ENV, str(folder))
    monkeypatch.delenv(cache.NO_CACHE_ENV, raising=False)
    return folder


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Records each parse load_path makes with the cache on, so a test can tell a hit from a
    miss (the reference loads of `fresh` are not counted)."""
    calls: list[str] = []
    real = load.load_source

    def counting(source: Source) -> LoadResult:
        if not os.environ.get(cache.NO_CACHE_ENV):
            calls.append(source.path)
        return real(source)

    monkeypatch.setattr(load, "load_source", counting)
    return calls


def write(folder: Path, text: str | bytes, name: str = "plan.yaml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def fresh(path: Path, display: str | None = None) -> LoadResult:
    """What loading gives with the cache turned off."""
    previous = os.environ.get(cache.NO_CACHE_ENV)
    os.environ[cache.NO_CACHE_ENV] = "1"
    try:
        return load_path(path, display)
    finally:
        if previous is None:
            del os.environ[cache.NO_CACHE_ENV]
        else:
            os.environ[cache.NO_CACHE_ENV] = previous


def positions(result: LoadResult) -> list[dict[str, FieldPos]]:
    """Every action's field positions (Action equality leaves them out on purpose)."""
    assert result.plan is not None
    return [dict(action.fields) for action in result.plan.actions]


def assert_same(cached: LoadResult, expected: LoadResult) -> None:
    assert cached.source == expected.source
    assert cached.source.text == expected.source.text
    assert cached.problems == expected.problems
    assert cached.plan == expected.plan
    if expected.plan is not None:
        assert positions(cached) == positions(expected)
        assert [list(a.fields) for a in cached.plan.actions] == \
            [list(a.fields) for a in expected.plan.actions]  # same key order
        for got, want in zip(cached.plan.actions, expected.plan.actions, strict=True):
            assert type(got.leads) is tuple and type(got.boards) is tuple
            assert (got.due, got.start, got.rec_id) == (want.due, want.start, want.rec_id)


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.json"))


def plans() -> Iterator[tuple[str, bytes]]:
    if BUNDLED_PLAN.exists():
        yield "bundled", BUNDLED_PLAN.read_bytes()
    yield "minimal", MINIMAL_PLAN.encode("utf-8")
    yield "dated", DATED_PLAN.encode("utf-8")
    yield "own-words", OWN_WORDS_PLAN.encode("utf-8")
    yield "warnings", WITH_WARNINGS.encode("utf-8")
    yield "errors", WITH_ERRORS.encode("utf-8")
    yield "bom-crlf", b"\xef\xbb\xbf" + MINIMAL_PLAN.replace("\n", "\r\n").encode("utf-8")
    yield "generated-40", generate_plan(40, 3).encode("utf-8")
    yield "generated-300", generate_plan(300, 7).encode("utf-8")


@pytest.mark.parametrize(("name", "content"), list(plans()), ids=[n for n, _ in plans()])
def test_a_hit_is_indistinguishable_from_a_fresh_load(
    name: str, content: bytes, tmp_path: Path, cache_folder: Path, parses: list[str]
) -> None:
    path = write(tmp_path / "plans", content)
    expected = fresh(path)
    first = load_path(path)
    assert parses == [first.source.path]  # a miss: parsed, then stored
    assert len(entries(cache_folder)) == 1
    second = load_path(path)
    assert parses == [first.source.path]  # a hit: not parsed again
    assert_same(first, expected)
    assert_same(second, expected)


def test_cached_problems_name_the_path_as_given_now(tmp_path: Path, cache_folder: Path) -> None:
    path = write(tmp_path, WITH_ERRORS)
    load_path(path, "old/place.yaml")
    again = load_path(path, "plan.yaml")
    assert again.plan is None
    assert again.errors
    assert {p.path for p in again.problems} == {"plan.yaml"}
    assert again.problems == fresh(path, "plan.yaml").problems


def test_changed_bytes_are_a_miss_even_with_the_same_size_and_time(
    tmp_path: Path, cache_folder: Path, parses: list[str]
) -> None:
    path = write(tmp_path, MINIMAL_PLAN)
    before = load_path(path)
    info = path.stat()
    path.write_bytes(MINIMAL_PLAN.replace("in-progress", "not-started").encode("utf-8"))
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    after = load_path(path)
    assert len(parses) == 2
    assert next(before.plan.actions).status == "in-progress"
    assert next(after.plan.actions).status == "not-started"
    assert len(entries(cache_folder)) == 2


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"{not json",
        b'{"format": 1}',
        b"[1, 2, 3]",
        b"\x80\x81 not even text",
        b'{"format": 999, "key": "x", "problems": [], "plan": null}',
    ],
    ids=["empty", "truncated", "missing-keys", "not-an-object", "binary", "other-format"],
)
def test_a_damaged_entry_is_a_miss_and_is_replaced(
    damage: bytes, tmp_path: Path, cache_folder: Path, parses: list[str]
) -> None:
    path = write(tmp_path, MINIMAL_PLAN)
    expected = fresh(path)
    load_path(path)
    (entry,) = entries(cache_folder)
    entry.write_bytes(damage)
    assert_same(load_path(path), expected)
    assert len(parses) == 2  # parsed again, not answered from the damage
    assert entry_parts(entry)[0]["plantrack-cache"] == cache.FORMAT  # and rewritten
    assert_same(load_path(path), expected)
    assert len(parses) == 2


def test_an_entry_of_the_wrong_shape_is_a_miss(
    tmp_path: Path, cache_folder: Path, parses: list[str]
) -> None:
    path = write(tmp_path, MINIMAL_PLAN)
    expected = fresh(path)
    load_path(path)
    (entry,) = entries(cache_folder)
    _, payload = entry_parts(entry)
    stored = json.loads(payload)
    stored["plan"][-1][0][-1][0] = ["1.1", "too few values"]
    rewrite_entry(entry, json.dumps(stored).encode("ascii"))  # with a checksum that matches
    assert_same(load_path(path), expected)
    assert len(parses) == 2


def test_an_entry_for_other_bytes_under_this_name_is_a_miss(
    tmp_path: Path, cache_folder: Path, parses: list[str]
) -> None:
    """The name is checked against the key inside, so a renamed entry cannot answer."""
    one = write(tmp_path, MINIMAL_PLAN, "one.yaml")
    two = write(tmp_path, WITH_WARNINGS, "two.yaml")
    load_path(one)
    (entry_one,) = entries(cache_folder)
    load_path(two)
    (entry_two,) = [e for e in entries(cache_folder) if e != entry_one]
    entry_two.write_bytes(entry_one.read_bytes())
    assert_same(load_path(two), fresh(two))
    assert len(parses) == 3


def test_an_unreadable_entry_is_a_miss(
    tmp_path: Path, cache_folder: Path, parses: list[str]
) -> None:
    path = write(tmp_path, MINIMAL_PLAN)
    load_path(path)
    (entry,) = entries(cache_folder)
    entry.unlink()
    entry.mkdir()  # opening it fails, for every user including root
    assert_same(load_path(path), fresh(path))
    assert len(parses) == 2


def test_a_cache_that_cannot_be_written_is_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    not_a_folder = write(tmp_path, "I am a file", "cache")
    monkeypatch.setenv(cache.CACHE_DIR_ENV, str(not_a_folder))
    path = write(tmp_path, MINIMAL_PLAN)
    assert_same(load_path(path), fresh(path))
    assert not_a_folder.read_text(encoding="utf-8") == "I am a file"


def test_a_folder_others_can_write_to_is_not_used(
    tmp_path: Path, cache_folder: Path, parses: list[str]
) -> None:
    if not hasattr(os, "geteuid"):
        pytest.skip("POSIX permissions")
    path = write(tmp_path, MINIMAL_PLAN)
    load_path(path)
    cache_folder.chmod(0o777)
    assert_same(load_path(path), fresh(path))
    assert len(parses) == 2  # its entry was not trusted
    write(tmp_path, WITH_WARNINGS, "other.yaml")
    load_path(tmp_path / "other.yaml")
    assert len(entries(cache_folder)) == 1  # and nothing new was put there


def test_new_cache_folders_are_private(tmp_path: Path, cache_folder: Path) -> None:
    load_path(write(tmp_path, MINIMAL_PLAN))
    if hasattr(os, "geteuid"):
        assert cache_folder.stat().st_mode & 0o777 == 0o700
        (entry,) = entries(cache_folder)
        assert entry.stat().st_mode & 0o777 == 0o600


def test_no_cache_means_nothing_is_written(
    tmp_path: Path, cache_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(cache.NO_CACHE_ENV, "1")
    path = write(tmp_path, MINIMAL_PLAN)
    assert_same(load_path(path), fresh(path))
    assert_same(load_path(path), fresh(path))
    assert not cache_folder.exists()


def test_entries_are_json_written_whole(tmp_path: Path, cache_folder: Path) -> None:
    load_path(write(tmp_path, generate_plan(60, 1)))
    names = sorted(p.name for p in cache_folder.iterdir() if p.name != "CACHEDIR.TAG")
    assert len(names) == 1 and names[0].endswith(".json")  # no temporary file left behind
    header, payload = entry_parts(cache_folder / names[0])
    assert header["plantrack-cache"] == cache.FORMAT
    assert header["key"] == names[0].removesuffix(".json")
    assert int(str(header["size"])) == len(payload)
    assert json.loads(payload)["plan"][0] == "Generated plan" or json.loads(payload)["plan"]
    assert (cache_folder / names[0]).read_bytes().isascii()


def test_the_key_covers_version_format_and_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = fresh(write(tmp_path, MINIMAL_PLAN)).source
    key = cache.entry_key(source)
    assert cache.entry_key(source) == key
    assert cache.entry_key(Source(source.path, source.text, digest="0" * 64)) != key
    monkeypatch.setattr(cache, "FORMAT", cache.FORMAT + 1)
    assert cache.entry_key(source) != key
    monkeypatch.undo()
    monkeypatch.setattr(cache, "__version__", "0.0.0-other")
    assert cache.entry_key(source) != key
    monkeypatch.undo()
    monkeypatch.setattr(cache, "_reader_fingerprint", lambda: "edited load.py")
    assert cache.entry_key(source) != key


def test_the_key_differs_between_yaml_loaders(tmp_path: Path) -> None:
    from plantrack.plan import yamlsrc

    if len(yamlsrc.available_loaders()) < 2:
        pytest.skip("only one loader installed")
    source = fresh(write(tmp_path, MINIMAL_PLAN)).source
    previous = yamlsrc.loader_name()
    keys = set()
    try:
        for name in yamlsrc.available_loaders():
            yamlsrc.use_loader(name)
            keys.add(cache.entry_key(source))
    finally:
        yamlsrc.use_loader(previous)
    assert len(keys) == 2


def test_stored_fields_behave_as_the_dict_they_replace() -> None:
    expected = {"id": FieldPos(10, 14, 19, '"'), "lead": FieldPos(30, 36, 60, "[")}
    packed = cache._pack_fields(expected)
    stored = cache.StoredFields(packed)
    assert stored == expected and expected == stored
    assert list(stored) == ["id", "lead"]
    assert len(stored) == 2
    assert stored["lead"] == FieldPos(30, 36, 60, "[")
    assert stored.get("status") is None
    assert "id" in stored and "due" not in stored
    assert dict(stored.items()) == expected
    assert len(cache.StoredFields(cache._pack_fields({}))) == 0
    with pytest.raises(ValueError):
        cache._pack_fields({"id": FieldPos(1, 2, 3, ",")})


def test_prune_keeps_the_most_recently_used(tmp_path: Path) -> None:
    folder = tmp_path / "entries"
    folder.mkdir()
    second = 10**9
    start = 1_600_000_000 * second

    def make(name: str, at: int) -> None:
        (folder / name).write_bytes(cachedir.header(cache.FORMAT, name[:64], 0, 0))
        os.utime(folder / name, ns=(at, at))

    def name(number: int, suffix: str = ".json") -> str:
        return f"{number:064x}{suffix}"

    size = len(cachedir.header(cache.FORMAT, "0" * 64, 0, 0))
    for number in range(25):
        make(name(number), start + number * second)
    make(f".{name(0, '')}.123.tmp", start - 7200 * second)  # left by a run killed long ago
    make(f".{name(24, '')}.456.tmp", start + 24 * second)  # perhaps being written right now
    cache.prune(folder, max_entries=20)
    left = sorted(p.name for p in folder.iterdir())
    assert left == [f".{name(24, '')}.456.tmp", *(name(n) for n in range(5, 25))]
    cache.prune(folder, max_entries=20, max_total_bytes=3 * size)
    assert sorted(p.name for p in folder.glob("*.json")) == [name(22), name(23), name(24)]


def test_a_hit_marks_its_entry_as_recently_used(tmp_path: Path, cache_folder: Path) -> None:
    path = write(tmp_path, MINIMAL_PLAN)
    load_path(path)
    (entry,) = entries(cache_folder)
    os.utime(entry, ns=(0, 0))
    load_path(path)
    assert entry.stat().st_mtime_ns > 0


def test_store_bounds_the_number_of_entries(
    tmp_path: Path, cache_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "MAX_ENTRIES", 3)
    monkeypatch.setattr(cache.prune, "__defaults__", (3, cache.MAX_TOTAL_BYTES))
    for number in range(6):
        load_path(write(tmp_path, MINIMAL_PLAN.replace("Test plan", f"Plan {number}")))
    assert len(entries(cache_folder)) == 3


@pytest.mark.parametrize(
    ("environment", "platform", "expected"),
    [
        ({"PLANTRACK_CACHE_DIR": "/x/mine"}, "linux", Path("/x/mine")),
        ({"XDG_CACHE_HOME": "/x/xdg", "HOME": "/x/home"}, "linux", Path("/x/xdg/plantrack")),
        ({"XDG_CACHE_HOME": "relative", "HOME": "/x/home"}, "linux",
         Path("/x/home/.cache/plantrack")),
        ({"HOME": "/x/home"}, "linux", Path("/x/home/.cache/plantrack")),
        ({"LOCALAPPDATA": "/x/local"}, "win32", Path("/x/local", "plantrack", "Cache")),
        ({}, "win32", None),
        ({"PLANTRACK_NO_CACHE": "1", "PLANTRACK_CACHE_DIR": "/x/mine"}, "linux", None),
        ({"PLANTRACK_NO_CACHE": "0", "PLANTRACK_CACHE_DIR": "/x/mine"}, "linux",
         Path("/x/mine")),
    ],
)
def test_where_the_cache_lives(
    environment: dict[str, str], platform: str, expected: Path | None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in ("PLANTRACK_CACHE_DIR", "PLANTRACK_NO_CACHE", "XDG_CACHE_HOME", "HOME",
                 "LOCALAPPDATA"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(sys, "platform", platform)
    assert cache.cache_dir() == expected


@pytest.mark.parametrize("collecting", [True, False])
def test_loading_leaves_the_garbage_collector_as_it_found_it(
    collecting: bool, tmp_path: Path, cache_folder: Path
) -> None:
    path = write(tmp_path, MINIMAL_PLAN)
    was = gc.isenabled()
    try:
        (gc.enable if collecting else gc.disable)()
        load_path(path)  # a miss
        assert gc.isenabled() is collecting
        load_path(path)  # a hit
        assert gc.isenabled() is collecting
    finally:
        (gc.enable if was else gc.disable)()


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"], ids=["plain", "bom"])
def test_a_hit_decodes_the_text_only_when_asked(cache_folder: Path, tmp_path: Path,
                                                bom: bytes) -> None:
    path = write(tmp_path, bom + "# café\n".encode() + MINIMAL_PLAN.encode("utf-8"))
    first = load_path(path)
    hit = load_path(path)
    size_undecoded = hit.source.size
    assert size_undecoded == len(first.source.text.encode("utf-8"))  # bytes, BOM excluded
    again = load_path(path)
    assert again.source._text is None  # nothing has needed it yet
    assert again.source.text == first.source.text == fresh(path).source.text
    assert again.source.bom == (bom != b"")
    assert again.source.digest == first.source.digest
    assert again.source.line_col(len(again.source.text) - 1) == first.source.line_col(
        len(first.source.text) - 1)


# -- trust: what the cache reads, and what it may delete (issue 10) ---------------------------


def entry_parts(entry: Path) -> tuple[dict[str, object], bytes]:
    """An entry's header line (JSON) and the payload after it."""
    head, _, payload = entry.read_bytes().partition(b"\n")
    return json.loads(head), payload


def rewrite_entry(entry: Path, payload: bytes) -> None:
    """Replace an entry's payload, with a header (size, checksum) that matches it."""
    import zlib

    header, _ = entry_parts(entry)
    entry.write_bytes(cachedir.header(cache.FORMAT, str(header["key"]), len(payload),
                                      zlib.crc32(payload)) + payload)


def test_an_entry_edited_to_say_something_else_is_a_miss(
    tmp_path: Path, cache_folder: Path, parses: list[str]
) -> None:
    """Valid JSON of the right shape, but not what was stored: the checksum tells."""
    path = write(tmp_path, MINIMAL_PLAN)
    expected = fresh(path)
    load_path(path)
    (entry,) = entries(cache_folder)
    edited = entry.read_bytes().replace(b'"in-progress"', b'"completed"  ')
    assert edited != entry.read_bytes()
    entry.write_bytes(edited)
    again = load_path(path)
    assert_same(again, expected)
    assert next(again.plan.actions).status == "in-progress"
    assert len(parses) == 2


def test_an_entry_far_larger_than_its_plan_is_not_read(
    tmp_path: Path, cache_folder: Path, parses: list[str]
) -> None:
    """A 300 MB junk entry cost 19 s and 1.5 GB before it was rejected; now only its size is
    looked at (the file is sparse: it takes no disk space)."""
    import tracemalloc

    path = write(tmp_path, MINIMAL_PLAN)
    load_path(path)
    (entry,) = entries(cache_folder)
    with open(entry, "r+b") as handle:
        handle.truncate(300 * 1024 * 1024)
    tracemalloc.start()
    try:
        result = load_path(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert_same(result, fresh(path))
    assert len(parses) == 2
    assert peak < 20 * 1024 * 1024


def test_the_size_bound_admits_every_real_entry(tmp_path: Path, cache_folder: Path) -> None:
    for name, content in plans():
        path = write(tmp_path / name, content)
        load_path(path)
        entry = cache_folder / f"{cache.entry_key(load_path(path).source)}.json"
        assert entry.stat().st_size <= cache.max_entry_bytes(len(content)), name


def test_pruning_deletes_only_entries_it_wrote(tmp_path: Path, cache_folder: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """Files the user keeps in the folder, a file with an entry's name but not its header, and
    a symbolic link with an entry's name are never deleted, however many entries there are."""
    monkeypatch.setattr(cache.prune, "__defaults__", (3, cache.MAX_TOTAL_BYTES))
    load_path(write(tmp_path, MINIMAL_PLAN))
    outside = write(tmp_path / "mine", '{"my": "data"}', "precious.json")
    theirs = {
        "report.json": b'{"a": 1}',
        "0" * 64 + ".json": b'{"looks": "like an entry"}',
        ".%s.123.tmp" % ("1" * 64): b"a temporary file's name, but mine",
    }
    for name, content in theirs.items():
        (cache_folder / name).write_bytes(content)
        os.utime(cache_folder / name, ns=(0, 0))  # the oldest of all
    link = cache_folder / ("2" * 64 + ".json")
    link.symlink_to(outside)
    for number in range(6):
        load_path(write(tmp_path, MINIMAL_PLAN.replace("Test plan", f"Plan {number}")))
    ours = [e for e in entries(cache_folder) if not e.is_symlink() and e.name in
            {p.name for p in entries(cache_folder)} and e.read_bytes().startswith(b"{\"plantrack")]
    assert len(ours) == 3
    for name, content in theirs.items():
        assert (cache_folder / name).read_bytes() == content
    assert link.is_symlink() and outside.read_text() == '{"my": "data"}'


def test_a_cache_dir_naming_a_folder_of_the_users_files_deletes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PLANTRACK_CACHE_DIR pointed at the user's own folder: plantrack did not create it, so it
    neither keeps entries there nor prunes anything."""
    folder = tmp_path / "Documents"
    folder.mkdir(mode=0o700)
    folder.chmod(0o700)
    for number in range(30):
        (folder / f"{number:02d}.json").write_text("{}")
    monkeypatch.setenv(cache.CACHE_DIR_ENV, str(folder))
    for number in range(3):
        load_path(write(tmp_path / "plans", MINIMAL_PLAN.replace("Test plan", f"P {number}")))
    assert sorted(p.name for p in folder.iterdir()) == [f"{n:02d}.json" for n in range(30)]


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX symbolic links")
def test_a_cache_folder_swapped_for_a_symlink_is_not_used(
    tmp_path: Path, cache_folder: Path, parses: list[str]
) -> None:
    path = write(tmp_path, MINIMAL_PLAN)
    load_path(path)
    victim = tmp_path / "victim"
    cache_folder.rename(victim)
    for number in range(25):
        (victim / f"{number:064x}.json").write_text("{}")
    cache_folder.symlink_to(victim, target_is_directory=True)
    before = sorted(p.name for p in victim.iterdir())
    for number in range(3):
        load_path(write(tmp_path / "plans", MINIMAL_PLAN.replace("Test plan", f"P {number}")))
    assert_same(load_path(path), fresh(path))
    assert sorted(p.name for p in victim.iterdir()) == before
    assert len(parses) == 5  # the entries behind the link were not read either


def test_an_old_cache_folder_of_entries_is_adopted(
    tmp_path: Path, cache_folder: Path, parses: list[str]
) -> None:
    """A folder made by an older plantrack (entries and nothing else) is still used."""
    cache_folder.mkdir(mode=0o700)
    cache_folder.chmod(0o700)
    (cache_folder / f"{1:064x}.json").write_text('{"format":1,"key":"x"}')
    path = write(tmp_path, MINIMAL_PLAN)
    load_path(path)
    load_path(path)
    assert len(parses) == 1


@pytest.mark.parametrize(("value", "on"), [
    ("", True), ("0", True), ("false", True), ("No", True), ("off", True),
    ("1", False), ("true", False), ("YES", False), ("on", False),
])
def test_no_cache_is_read_as_a_yes_or_no(
    value: str, on: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(cache.CACHE_DIR_ENV, "/x/mine")
    monkeypatch.setenv(cache.NO_CACHE_ENV, value)
    assert (cache.cache_dir() is not None) is on


def test_a_no_cache_value_that_is_neither_yes_nor_no_is_a_usage_error(
    monkeypatch: pytest.MonkeyPatch
) -> None:
    from plantrack.errors import UsageError

    monkeypatch.setenv(cache.NO_CACHE_ENV, "sometimes")
    with pytest.raises(UsageError, match=r"PLANTRACK_NO_CACHE='sometimes' is not yes or no; "
                       r"set it to 1 \(no cache\) or 0, or unset it"):
        cache.cache_dir()


def test_a_relative_cache_dir_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Relative, it made a cache folder in every folder plantrack was run from."""
    from plantrack.errors import UsageError

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(cache.CACHE_DIR_ENV, "cache")
    with pytest.raises(UsageError, match=r"PLANTRACK_CACHE_DIR='cache' is a relative path"):
        load_path(write(tmp_path, MINIMAL_PLAN))
    assert not (tmp_path / "cache").exists()


def test_a_plans_own_words_come_back_from_the_cache(
    tmp_path: Path, cache_folder: Path, parses: list[str]
) -> None:
    """statuses, fields, status_text, completed_on, rag and extra (a list stays a tuple)."""
    path = write(tmp_path, OWN_WORDS_PLAN)
    load_path(path)
    hit = load_path(path)
    assert len(parses) == 1
    plan = hit.plan
    assert plan is not None
    assert dict(plan.statuses) == {"Partially completed": "in-progress",
                                   "Pending guidance": "blocked"}
    assert plan.fields == ("priority", "evidence")
    first, second, _ = plan.actions
    assert first.status_text == "Partially completed" and first.rag == "green"
    assert first.extra == {"priority": "High", "evidence": ("Audit report", "Minutes of 3 March")}
    assert second.status_text == "done" and second.completed_on == date(2010, 2, 15)
