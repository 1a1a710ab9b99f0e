"""Shared fixtures: run YAML-facing tests under both PyYAML loaders, and one-line helpers."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from plantrack.plan import yamlsrc


@pytest.fixture(autouse=True)
def private_plan_cache(tmp_path_factory: pytest.TempPathFactory,
                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test gets its own empty parsed-plan cache: tests never touch the user's cache,
    and a plan is parsed afresh the first time a test loads it (tests/test_cache.py tests
    the cache itself)."""
    monkeypatch.setenv("PLANTRACK_CACHE_DIR", str(tmp_path_factory.mktemp("plan-cache")))
    monkeypatch.delenv("PLANTRACK_NO_CACHE", raising=False)


@pytest.fixture(params=yamlsrc.available_loaders())
def both_loaders(request: pytest.FixtureRequest) -> Iterator[str]:
    """Run the test once with libyaml's loader (where present) and once with the pure one."""
    previous = yamlsrc.loader_name()
    yamlsrc.use_loader(request.param)
    yield request.param
    yamlsrc.use_loader(previous)
