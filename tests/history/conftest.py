"""Fixtures for the history tests: a fresh git repository in a temporary folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.history.gitrepo import GIT, Repo


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    if GIT is None:
        pytest.skip("git is not installed (apt-get install git)")
    return Repo(tmp_path / "work")
