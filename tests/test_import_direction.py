"""Apps depend in one direction, declared once in ``MAY_USE``: imports and URL names.

Data apps, bottom to top (docs/architecture.md, the floor plan of issue 23):

    core ← accounts ← networks ← sessions ← evaluations ← minutes ← portfolio ← reports

and on top the page layer (``pages``: views, URLconfs, forms), which may use every data app.
``config`` is the wiring above everything (settings, the root URLconf, WSGI/ASGI, the Celery app)
and ``bench`` measures the pages from outside; no app uses either.

Every module is parsed (not imported):

- an import of an app the importing app may not use fails with the file and line;
- a URL name reversed in a data app's code (``reverse``, ``reverse_lazy``, ``redirect``,
  ``url_for_each``) or templates (``{% url %}``) must belong to an app it may use: a URL
  namespace belongs to the app whose ``urls.py`` declares its ``app_name``, and un-namespaced
  names to the root URLconf (``config``). Only a data app's own ``links.py`` (the URLs its emails
  build) may name the pages' URLs. Today most data apps still name them in their models
  (``get_absolute_url``), emails and templates: that debt is listed in ``EXPECTED_DEBT``, which
  may only shrink (a new violation fails, and so does an entry that is no longer true).
"""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

DATA_APPS = [
    "core",
    "accounts",
    "networks",
    "sessions",
    "evaluations",
    "minutes",
    "portfolio",
    "reports",
]
PAGES = "pages"

# app → the apps it may use (import, or reverse the URL names of); itself always.
MAY_USE: dict[str, set[str]] = {
    "core": set(),
    "accounts": {"core"},
    "networks": {"core", "accounts"},
    "sessions": {"core", "accounts", "networks"},
    "evaluations": {"core", "accounts", "networks", "sessions"},
    "minutes": {"core", "accounts", "networks", "sessions", "evaluations"},
    "portfolio": {"core", "accounts", "networks", "sessions", "evaluations", "minutes"},
    "reports": {"core", "accounts", "networks", "sessions", "evaluations", "minutes", "portfolio"},
    PAGES: set(DATA_APPS),
    # The API (issue 27): beside the pages, over the same data apps; neither uses the other.
    "api": set(DATA_APPS),
    "config": {*DATA_APPS, PAGES, "api"},
    "bench": {*DATA_APPS, PAGES, "config"},
}
# Not apps of the house: the test suite and the developer scripts may use anything.
OUTSIDE = {"tests", "scripts"}

# The one module per data app that may name any page's URL: the links its emails carry.
LINKS_MODULE = "links.py"
ROOT_URLCONF_OWNER = "config"

REVERSERS = {"reverse", "reverse_lazy", "redirect", "url_for_each"}
URL_TAG = re.compile(r"""{%\s*url\s+(['"])([\w:-]+)\1""")

# Data-app files that reverse a URL name of a higher app outside their links.py: none. Issue 23
# started this list at 118 entries in 45 files and burnt it down; it stays empty (a new entry
# fails the test below).
EXPECTED_DEBT: set[str] = set()


def _apps() -> list[str]:
    return [app for app in MAY_USE if (ROOT / app).is_dir()]


def _modules(app: str):
    for path in sorted((ROOT / app).rglob("*.py")):
        if "migrations" not in path.parts:
            yield path


def _imports(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module


def _violations(app: str) -> list[str]:
    """The imports of ``app`` that reach an app it may not use."""
    house = set(MAY_USE)
    allowed = MAY_USE[app] | {app}
    found = []
    for path in _modules(app):
        relative = path.relative_to(ROOT).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for line, module in _imports(tree):
            top = module.split(".")[0]
            if top in house and top not in allowed:
                found.append(f"{relative}:{line} imports {module}")
    return found


def url_owners() -> dict[str, str]:
    """URL namespace → the app whose urls.py declares it as ``app_name``."""
    owners = {}
    for app in _apps():
        for path in (ROOT / app).rglob("urls.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in tree.body:
                if (
                    isinstance(node, ast.Assign)
                    and [getattr(target, "id", "") for target in node.targets] == ["app_name"]
                    and isinstance(node.value, ast.Constant)
                ):
                    owners[node.value.value] = app
    return owners


def _reversed_names(path: Path):
    """(line, URL name) of each literal name ``path`` reverses, in code or in a template."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".py":
        for node in ast.walk(ast.parse(text, filename=str(path))):
            if not (isinstance(node, ast.Call) and node.args):
                continue
            func = node.func
            name = getattr(func, "id", None) or getattr(func, "attr", None)
            first = node.args[0]
            if (
                name in REVERSERS
                and isinstance(first, ast.Constant)
                and isinstance(first.value, str)
            ):
                yield node.lineno, first.value
    else:
        for match in URL_TAG.finditer(text):
            yield text.count("\n", 0, match.start()) + 1, match.group(2)


def _owner(url_name: str, owners: dict[str, str]) -> str | None:
    """The app a URL name belongs to; None for a name of another project (allauth, the admin)
    or one that is not a name at all (a path given to ``redirect``)."""
    if ":" in url_name:
        return owners.get(url_name.split(":")[0])
    if "/" in url_name or "." in url_name:
        return None
    return ROOT_URLCONF_OWNER if url_name in _root_names() else None


def _root_names() -> set[str]:
    path = ROOT / "config" / "urls.py"
    if not path.exists():
        return set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {
        keyword.value.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        for keyword in node.keywords
        if keyword.arg == "name" and isinstance(keyword.value, ast.Constant)
    }


def url_debt(app: str) -> set[str]:
    """Each "file reverses name" of ``app`` whose URL belongs to an app it may not use."""
    owners = url_owners()
    allowed = MAY_USE[app] | {app}
    found = set()
    files = [*_modules(app), *sorted((ROOT / app).rglob("*.html")), *(ROOT / app).rglob("*.txt")]
    for path in files:
        if path.name == LINKS_MODULE:
            continue
        relative = path.relative_to(ROOT).as_posix()
        for _line, url_name in _reversed_names(path):
            owner = _owner(url_name, owners)
            if owner is not None and owner not in allowed:
                found.add(f"{relative} reverses {url_name}")
    return found


@pytest.mark.parametrize("app", _apps())
def test_no_app_imports_one_it_may_not_use(app):
    assert _violations(app) == []


def test_the_graph_is_the_floor_plan():
    """Each data app may use exactly the ones below it; nothing uses the page layer but the
    wiring, nothing uses the wiring but the bench."""
    for rank, app in enumerate(DATA_APPS):
        assert MAY_USE[app] == set(DATA_APPS[:rank]), app
    assert [app for app, uses in MAY_USE.items() if PAGES in uses] == ["config", "bench"]
    assert [app for app, uses in MAY_USE.items() if "config" in uses] == ["bench"]


def test_every_package_of_the_house_is_in_the_graph():
    """A new top-level package must say where it stands before the checks can see it."""
    packages = {path.parent.name for path in ROOT.glob("*/__init__.py")}
    assert packages - set(MAY_USE) - OUTSIDE == set()
    assert set(_apps()) >= {"core", "accounts", "networks", "sessions", "evaluations", "reports"}


def _all_debt() -> set[str]:
    return set().union(*(url_debt(app) for app in DATA_APPS if (ROOT / app).is_dir()))


def test_data_apps_name_no_higher_apps_url_outside_links_and_the_debt_only_shrinks():
    found = _all_debt()

    new = sorted(found - EXPECTED_DEBT)
    stale = sorted(EXPECTED_DEBT - found)
    assert (new, stale) == ([], []), (
        "new: a data app names a higher app's URL (use the page layer or the app's links.py); "
        "stale: remove the entry from EXPECTED_DEBT"
    )


def test_the_check_sees_an_upward_import(tmp_path, monkeypatch):
    """The yardstick bites: a networks module importing evaluations is reported, and so is a
    data app importing the page layer."""
    app = tmp_path / "networks"
    app.mkdir()
    (app / "bad.py").write_text("from evaluations.models import Questionnaire\n")
    (app / "worse.py").write_text("import pages.networks.views\n")
    (app / "fine.py").write_text("from accounts.models import User\nfrom django import forms\n")
    monkeypatch.setattr(__import__(__name__, fromlist=["ROOT"]), "ROOT", tmp_path)

    assert _violations("networks") == [
        "networks/bad.py:1 imports evaluations.models",
        "networks/worse.py:1 imports pages.networks.views",
    ]


def test_the_check_sees_a_higher_apps_url_name_in_code_and_templates(tmp_path, monkeypatch):
    """The URL yardstick bites: sessions code and templates naming a page's URL or a higher
    app's are reported; its links.py, its own and lower apps' names and allauth's are not."""
    for app, namespace in [("pages/sessions", "sessions"), ("evaluations", "evaluations")]:
        (tmp_path / app).mkdir(parents=True)
        (tmp_path / app / "urls.py").write_text(f'app_name = "{namespace}"\nurlpatterns = []\n')
    (tmp_path / "accounts").mkdir()
    (tmp_path / "accounts" / "urls.py").write_text('app_name = "accounts"\n')
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "urls.py").write_text('urlpatterns = [path("", home, name="home")]\n')
    sessions = tmp_path / "sessions"
    (sessions / "templates" / "sessions").mkdir(parents=True)
    (sessions / "models.py").write_text(
        "from django.urls import reverse\n"
        "def url(pk):\n"
        '    return reverse("sessions:detail", kwargs={"pk": pk})\n'
        'LAZY = reverse_lazy("evaluations:list")\n'
        'MINE = reverse("accounts:profile")\n'
        'LOGIN = reverse("account_login")\n'
        'HOME = redirect("home")\n'
    )
    (sessions / "links.py").write_text('URL = reverse("sessions:detail", args=[1])\n')
    (sessions / "templates" / "sessions" / "mail.html").write_text(
        "{% load i18n %}<a href=\"{% url 'sessions:timeline' 1 %}\">x</a>"
        '{% url "accounts:profile" %}'
    )
    monkeypatch.setattr(__import__(__name__, fromlist=["ROOT"]), "ROOT", tmp_path)

    assert url_owners() == {
        "sessions": "pages",
        "evaluations": "evaluations",
        "accounts": "accounts",
    }
    assert url_debt("sessions") == {
        "sessions/models.py reverses sessions:detail",
        "sessions/models.py reverses evaluations:list",
        "sessions/models.py reverses home",
        "sessions/templates/sessions/mail.html reverses sessions:timeline",
    }


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


if __name__ == "__main__":  # the current debt, in EXPECTED_DEBT's form
    for entry in sorted(
        set().union(*(url_debt(app) for app in DATA_APPS if (ROOT / app).is_dir()))
    ):
        print(f'    "{entry}",')
