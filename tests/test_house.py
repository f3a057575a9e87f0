"""Rooms of a readable size (issue 23): no module of the house over 600 lines, no function over
80, and every import inside a function says why, with one of a few accepted reasons (ruff's
PLC0415 finds them; this test reads the reason). Migrations and tests aside. Each check has a
test that it bites."""

import ast
import re
from pathlib import Path

from tests.test_import_direction import DATA_APPS, PAGES, ROOT

MAX_MODULE_LINES = 600
MAX_FUNCTION_LINES = 80
HOUSE = [*DATA_APPS, PAGES, "config"]

# `# noqa: PLC0415 (<reason>: <detail>)` on an import inside a function; the reasons:
INLINE_IMPORT_REASONS = {
    "app registry": "runs in AppConfig.ready() or needs the app registry loaded",
    "cycle": "the imported module imports this one; the detail names it",
    "lazy": "a heavy or optional library, loaded only on the path that needs it",
}
NOQA = re.compile(r"#\s*noqa:[\w\s,]*\bPLC0415\s*\((?P<reason>[^):]+)")


def house_modules(root: Path = ROOT, apps=HOUSE):
    for app in apps:
        for path in sorted((root / app).rglob("*.py")):
            if "migrations" not in path.relative_to(root).parts:
                yield path


def oversized(paths, root: Path = ROOT) -> list[str]:
    found = []
    for path in paths:
        name = path.relative_to(root).as_posix()
        text = path.read_text(encoding="utf-8")
        lines = len(text.splitlines())
        if lines > MAX_MODULE_LINES:
            found.append(f"{name}: {lines} lines")
        for node in ast.walk(ast.parse(text, filename=name)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    found.append(f"{name}:{node.lineno} {node.name}() {length} lines")
    return found


def _inline_imports(tree):
    for function in ast.walk(tree):
        if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            for node in ast.walk(function):
                if isinstance(node, ast.Import | ast.ImportFrom):
                    yield node


def unexplained_imports(paths, root: Path = ROOT) -> list[str]:
    found = []
    for path in paths:
        name = path.relative_to(root).as_posix()
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        seen = set()
        for node in _inline_imports(ast.parse(text, filename=name)):
            if node.lineno in seen:
                continue
            seen.add(node.lineno)
            # The noqa sits on the import's first line or, for a wrapped import, its last.
            candidates = {lines[node.lineno - 1], lines[node.end_lineno - 1]}
            reasons = {m["reason"].strip() for line in candidates if (m := NOQA.search(line))}
            if not reasons & set(INLINE_IMPORT_REASONS):
                found.append(f"{name}:{node.lineno} imports inside a function without a reason")
    return found


def test_no_module_over_600_lines_and_no_function_over_80():
    assert oversized(house_modules()) == []


def test_every_inline_import_says_why():
    assert unexplained_imports(house_modules()) == []


def test_the_size_check_sees_a_long_module_and_a_long_function(tmp_path):
    app = tmp_path / "networks"
    app.mkdir()
    body = "\n".join(f"    x{i} = {i}" for i in range(MAX_FUNCTION_LINES))
    (app / "long.py").write_text(
        f"def long():\n{body}\n" + "\n" * (MAX_MODULE_LINES - MAX_FUNCTION_LINES)
    )
    (app / "fine.py").write_text("def short():\n    return 1\n")

    assert oversized(house_modules(tmp_path, ["networks"]), tmp_path) == [
        f"networks/long.py: {MAX_MODULE_LINES + 1} lines",
        f"networks/long.py:1 long() {MAX_FUNCTION_LINES + 1} lines",
    ]


def test_the_reason_check_sees_an_inline_import_without_an_accepted_reason(tmp_path):
    app = tmp_path / "networks"
    app.mkdir()
    (app / "inline.py").write_text(
        "def a():\n    import json\n\n\n"
        "def b():\n    import os  # noqa: PLC0415 (because)\n\n\n"
        "def c():\n    import re  # noqa: PLC0415 (cycle: networks.models imports this)\n\n\n"
        "def d():\n    from django.conf import (  # noqa: PLC0415 (lazy: settings)\n"
        "        settings,\n    )\n"
    )

    assert unexplained_imports(house_modules(tmp_path, ["networks"]), tmp_path) == [
        "networks/inline.py:2 imports inside a function without a reason",
        "networks/inline.py:6 imports inside a function without a reason",
    ]
