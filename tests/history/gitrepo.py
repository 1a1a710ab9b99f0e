"""Real git repositories for the history tests: scripted commits at fixed dates and authors."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

GIT = shutil.which("git")
needs_git = pytest.mark.skipif(GIT is None, reason="git is not installed (apt-get install git)")

ANN = "Ann Smith"
BOB = "Bob Jones"


def isolated_env(home: Path) -> dict[str, str]:
    """git with no user or system configuration, so every machine makes the same commits."""
    config = home / "gitconfig"
    config.touch()
    return {**os.environ, "GIT_CONFIG_GLOBAL": str(config), "GIT_CONFIG_NOSYSTEM": "1",
            "LC_ALL": "C", "HOME": str(home)}


class Repo:
    """A git work tree in a temporary folder; `commit` stamps each commit with a fixed date."""

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self.env = isolated_env(root.parent)
        self.git("init", "-q", "-b", "main")

    def git(self, *args: str, when: str = "2010-01-01", author: str = ANN) -> str:
        stamp = f"{when}T12:00:00+00:00" if len(when) == 10 else when
        email = author.split()[0].lower() + "@example.org"
        env = {**self.env, "GIT_AUTHOR_NAME": author, "GIT_AUTHOR_EMAIL": email,
               "GIT_COMMITTER_NAME": author, "GIT_COMMITTER_EMAIL": email,
               "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
        done = subprocess.run(["git", *args], cwd=self.root, env=env, capture_output=True,
                              text=True, check=True)
        return done.stdout.strip()

    def write(self, text: str, name: str = "plan.yaml") -> Path:
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def commit(self, text: str | None, when: str, message: str = "plan: update",
               author: str = ANN, name: str = "plan.yaml") -> str:
        """Write `text` (unless None) to `name`, commit everything; the short hash."""
        if text is not None:
            self.write(text, name)
        self.git("add", "-A", when=when, author=author)
        self.git("commit", "-q", "--allow-empty", "-m", message, when=when, author=author)
        return self.git("rev-parse", "--short", "HEAD")


def action(action_id: str, status: str = "in-progress", due: str = "End of January 2010",
           lead: str = "Ann Smith", board: str = "Quality Board", note: str | None = None,
           extra: str = "") -> str:
    lines = [f'      - id: "{action_id}"', f"        action: Do thing {action_id}",
             f"        lead: {lead}", f"        due: {due}", f"        status: {status}"]
    if note is not None:
        lines.append(f'        note: "{note}"')
    lines.append(f"        board: {board}")
    if extra:
        lines.append(extra)
    return "\n".join(lines) + "\n"


def plan(*actions: str, titles: dict[str, str] | None = None, header: str = "") -> str:
    """A plan whose recommendations are made from the actions' ids (1.1 goes under 1)."""
    by_rec: dict[str, list[str]] = {}
    for text in actions:
        action_id = text.split('"')[1]
        by_rec.setdefault(action_id.split(".")[0], []).append(text)
    out = ["title: Test plan\n", header, "recommendations:\n"]
    for rec_id, texts in by_rec.items():
        title = (titles or {}).get(rec_id, f"Recommendation {rec_id}")
        out.append(f'  - id: "{rec_id}"\n    title: {title}\n    actions:\n')
        out.extend(texts)
    return "".join(out)
