"""docs/architecture.md stays true (issue 23): every file or template, dotted name (module,
function, class, model, task, permission, signal kind), database table and URL name it writes in
backticks exists in the code. A test that the check bites reads a made-up page."""

import ast
import importlib
import re

from django.apps import apps
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import get_resolver

from tests.test_import_direction import DATA_APPS, PAGES, ROOT

DOC = ROOT / "docs" / "architecture.md"
HOUSE = {*DATA_APPS, PAGES, "api", "config", "tests", "bench", "scripts"}
CODE = re.compile(r"`([^`\s]+)`")
PATH = re.compile(r"^[\w./-]+/(?:[\w.-]+\.(?:py|html|txt|md|json|toml|sql|sh)|)$")
DOTTED = re.compile(r"^[a-z_]+(?:\.\w+)+(?:\(\))?$")
URL_NAME = re.compile(r"^[a-z_]+:[a-z_]+$")
# A table as the database names it: <app label>_<model>, on a line that speaks of tables.
TABLE = re.compile(
    r"^(?:core|accounts|networks|sessions|evaluations|reports|minutes|portfolio)_[a-z_]+$"
)


def _literals() -> set[str]:
    """Every string constant in the house's code: permission names ("networks.view_card"),
    signal and to-do kinds ("sessions.rsvp_missing"), check ids, task names."""
    found = set()
    for app in HOUSE - {"tests"}:
        for path in (ROOT / app).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Constant) and isinstance(node.value, str):
                    found.add(node.value)
    return found


def _names_something(dotted: str, literals: set[str]) -> bool:
    """A Python name (module, attribute, ``app.Model`` through ``app.models``), or a name the
    code spells as a string (a permission, a signal kind, a task)."""
    if _resolves(dotted) or dotted in literals:
        return True
    app, _dot, rest = dotted.partition(".")
    return "." not in rest and _resolves(f"{app}.models.{rest}")


def _template_exists(name: str) -> bool:
    try:
        get_template(name)
    except TemplateDoesNotExist:
        return False
    return True


def _resolves(dotted: str) -> bool:
    parts = dotted.removesuffix("()").split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        try:
            for name in parts[cut:]:
                obj = getattr(obj, name)
        except AttributeError:
            return False
        return True
    return False


def _url_name_exists(name: str) -> bool:
    namespace, url_name = name.split(":")
    resolver = get_resolver()
    if namespace not in resolver.namespace_dict:
        return False
    _prefix, sub = resolver.namespace_dict[namespace]
    return url_name in sub.reverse_dict


def stale_names(text: str) -> list[str]:
    tables = {model._meta.db_table for model in apps.get_models(include_auto_created=True)}
    table_words = {
        code
        for line in text.splitlines()
        if "table" in line.lower()
        for code in CODE.findall(line)
        if TABLE.match(code)
    }
    literals = _literals()
    found = []
    for code in sorted(set(CODE.findall(text))):
        top = re.split(r"[./:]", code, maxsplit=1)[0]
        if PATH.match(code) and "/" in code and top in HOUSE | {"docs", "deploy", "templates"}:
            if not (ROOT / code).exists() and not _template_exists(code):
                found.append(f"{code}: no such file")
        elif DOTTED.match(code) and top in HOUSE:
            if not _names_something(code, literals):
                found.append(f"{code}: no such name")
        elif URL_NAME.match(code) and top in get_resolver().namespace_dict:
            if not _url_name_exists(code):
                found.append(f"{code}: no such URL name")
        elif code in table_words and code not in tables:
            found.append(f"{code}: no such table")
    return found


def test_the_architecture_names_only_what_exists(db):
    assert stale_names(DOC.read_text(encoding="utf-8")) == []


def test_the_check_sees_a_missing_file_name_table_and_url(db):
    page = (
        "`minutes/services/__init__.py` `minutes/nowhere.py` `minutes.services.minutes_publish` "
        "`minutes.services.minutes_vanish` `reports:minutes` `reports:nowhere`\n"
        "The tables `reports_minutes` and `reports_vanished`."
    )
    assert stale_names(page) == [
        "minutes.services.minutes_vanish: no such name",
        "minutes/nowhere.py: no such file",
        "reports:nowhere: no such URL name",
        "reports_vanished: no such table",
    ]
