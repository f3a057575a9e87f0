"""Apps depend in one direction: core ← accounts ← networks ← sessions ← evaluations ← minutes ←
portfolio ← reports ← pages (the page layer on top of the data apps).

Every module of every app is parsed (not imported) and each import of another app is checked
against that order, so a lower app that reaches up fails here with the file and line. `config` is
the wiring above everything (settings, the URLconf, WSGI/ASGI, the Celery app): it may import any
app, and no app imports it.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAYERS = [
    "core",
    "accounts",
    "networks",
    "sessions",
    "evaluations",
    "minutes",
    "portfolio",
    "reports",
    "pages",
]
WIRING = "config"


def _imports(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module


def _violations(app: str) -> list[str]:
    rank = LAYERS.index(app)
    found = []
    for path in sorted((ROOT / app).rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if "migrations" in path.parts:
            continue
        for line, module in _imports(path):
            top = module.split(".")[0]
            if top == WIRING or (top in LAYERS and LAYERS.index(top) > rank):
                found.append(f"{relative}:{line} imports {module}")
    return found


@pytest.mark.parametrize("app", LAYERS)
def test_no_app_imports_a_higher_one(app):
    assert _violations(app) == []


def test_the_check_sees_an_upward_import(tmp_path, monkeypatch):
    """The yardstick bites: a networks module importing evaluations is reported."""
    app = tmp_path / "networks"
    app.mkdir()
    (app / "bad.py").write_text("from evaluations.models import Questionnaire\n")
    monkeypatch.setattr(__import__(__name__, fromlist=["ROOT"]), "ROOT", tmp_path)

    assert _violations("networks") == ["networks/bad.py:1 imports evaluations.models"]


def test_the_markdown_sanitiser_has_one_home():
    """core/markdown.py alone imports the markdown library, and every module that uses
    ``render_markdown`` imports it from there (no re-export to go stale)."""
    found = []
    for path in sorted(ROOT.glob("[!.]*/**/*.py")):
        relative = path.relative_to(ROOT).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = {alias.name for alias in node.names}
                if "render_markdown" in names and node.module != "core.markdown":
                    found.append(f"{relative}:{node.lineno} from {node.module}")
                if node.module.split(".")[0] == "markdown" and relative != "core/markdown.py":
                    found.append(f"{relative}:{node.lineno} from {node.module}")
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.split(".")[0] == "markdown" and relative != "core/markdown.py":
                        found.append(f"{relative}:{node.lineno} import {alias.name}")

    assert found == []
    assert not (ROOT / "reports" / "markdown.py").exists()
