"""A fresh git repository for the pack's history tests (as tests/history has)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.history.gitrepo import GIT, Repo


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    if GIT is None:
        pytest.skip("git is not installed (apt-get install git)")
    return Repo(tmp_path / "work")
