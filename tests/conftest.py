"""Shared fixtures: run YAML-facing tests under both PyYAML loaders, and one-line helpers."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from plantrack import yamlsrc


@pytest.fixture(params=yamlsrc.available_loaders())
def both_loaders(request: pytest.FixtureRequest) -> Iterator[str]:
    """Run the test once with libyaml's loader (where present) and once with the pure one."""
    previous = yamlsrc.loader_name()
    yamlsrc.use_loader(request.param)
    yield request.param
    yamlsrc.use_loader(previous)
