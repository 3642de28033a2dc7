"""Docs are tested: every command, option and setting is in the README."""

import re

from tests.conftest import ROOT
from veille.cli import build_parser
from veille.settings import Settings

README = (ROOT / "README.md").read_text("utf-8")


def _subcommands():
    parser = build_parser()
    action = next(a for a in parser._actions if a.dest == "command")
    return action.choices


def test_docs_every_command_and_option_is_documented():
    for name, sub in _subcommands().items():
        assert f"### `veille {name}" in README, name
        section = README.split(f"### `veille {name}")[1].split("\n### ")[0]
        for action in sub._actions:
            for opt in action.option_strings:
                if opt.startswith("--") and opt != "--help":
                    assert opt in section, f"{name} {opt} undocumented"


def test_docs_every_setting_is_documented():
    for name in Settings.__dataclass_fields__:
        assert f"`{name}`" in README, name
    defaults = (ROOT / "veille" / "settings.toml").read_text("utf-8")
    for name in Settings.__dataclass_fields__:
        assert re.search(rf"^\[?{name}\]?", defaults, re.M), name


def test_docs_readme_has_the_two_commands():
    assert "make demo" in README and "make test" in README
