"""The password rule for new accounts: 12 characters or more, judged by zxcvbn with the person's
username and name and the service's words, beside a refused list; the published demo password
refused everywhere but the demo. Refusals name the field `password`, say why in plain words and
never repeat the password."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.fixtures import World, run
from vcs.core.tables import User
from vcs.synthetic.demo import DEMO_PASSWORD

ROOT = Path(__file__).parents[2]


def new_user(world: World, password: str, **extra: Any) -> Any:
    user = {
        "username": "new.vlo",
        "password": password,
        "role": "vlo",
        "unit_code": "VLU-LON",
        **extra,
    }
    return world.post("admin", "/api/v1/users", user)


def refusal(response: Any) -> str:
    assert response.status_code == 422, response.text
    (problem,) = response.json()["errors"]
    assert problem["field"] == "password"
    return str(problem["message"])


@pytest.mark.parametrize(
    ("password", "words"),
    [
        ("password1234", "This is a very common password."),
        ("123456789012", "This is similar to a commonly used password."),
        ("qwertyuiop12", "This is similar to a commonly used password."),
        ("Summer2026!!!", "common words, such as a season, a month"),
        ("abcdefghijkl", 'Sequences like "abc" or "6543" are easy to guess.'),
        ("Victim-Contact-2026", "the name of this service"),
        ("short-Pass1", "Password must be 12 characters or more"),
        (DEMO_PASSWORD, "Password is the demo password, which is published"),
    ],
)
def test_weak_or_published_passwords_are_refused_in_plain_words(
    world: World, password: str, words: str
) -> None:
    response = new_user(world, password)
    message = refusal(response)
    assert words in message
    assert password not in response.text and password.casefold() not in response.text.casefold()
    assert run(User.count().where(User.username == "new.vlo")) == 0


@pytest.mark.parametrize(
    "password", ["Priya-tractor-lantern-7", "lantern-new.vlo-tractor", "Sample-violin-harbour"]
)
def test_a_password_holding_the_persons_own_names_is_refused(world: World, password: str) -> None:
    message = refusal(new_user(world, password, display_name="Priya Sample"))
    assert message == "Password must not contain the username or the person's name"


def test_a_strong_password_is_accepted(world: World) -> None:
    assert new_user(world, "lantern-Violin-harbour-38").status_code == 201


def _vcs(*args: str, password: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "api.cli", *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={**os.environ, "VCS_NEW_USER_PASSWORD": password},
        cwd=ROOT,
    )


@pytest.mark.parametrize("password", [DEMO_PASSWORD, "Summer2026!!!"])
def test_the_command_line_refuses_them_too(world: World, password: str) -> None:
    done = _vcs("user", "add", "cli.admin", "--role", "admin", password=password)
    assert done.returncode == 2
    assert "password: Password " in done.stderr
    assert password not in done.stdout + done.stderr
    assert run(User.count().where(User.username == "cli.admin")) == 0
