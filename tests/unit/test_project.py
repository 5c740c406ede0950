"""Standing rules of the code base: Streamlit stays at the edge, every setting is documented."""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
STREAMLIT_IMPORT = re.compile(r"^\s*(import streamlit|from streamlit)", re.MULTILINE)


def python_files(*folders: str) -> list[Path]:
    return [path for folder in folders for path in (ROOT / folder).rglob("*.py")]


def test_streamlit_is_imported_only_by_the_router_the_pages_and_the_web_package():
    web = ROOT / "dashboard" / "web"
    offenders = [
        str(path.relative_to(ROOT)) for path in python_files("dashboard", "models")
        if web not in path.parents and STREAMLIT_IMPORT.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_pages_hold_no_sql_groupby_or_chart_building():
    for path in python_files("pages"):
        source = path.read_text(encoding="utf-8")
        for forbidden in (r"(?<![\w.])select\(", r"session\.execute", r"\.groupby\(",
                          r"alt\.Chart\(", r"import altair"):
            assert not re.search(forbidden, source), f"{path.name} contains {forbidden}"


def test_every_setting_read_from_the_environment_is_documented():
    code = "\n".join(p.read_text(encoding="utf-8")
                     for p in python_files("dashboard", "models", "pages"))
    names = set(re.findall(r"DASHBOARD_[A-Z_]+", code)) - {"DASHBOARD_"}
    documented = (ROOT / "README.md").read_text(encoding="utf-8") + \
        (ROOT / "docs" / "security.md").read_text(encoding="utf-8")
    assert sorted(n for n in names if n not in documented) == []


def test_partner_and_clinician_text_is_never_rendered_as_html():
    for path in [ROOT / "app.py", *python_files("pages", "dashboard")]:
        source = path.read_text(encoding="utf-8")
        assert "unsafe_allow_html=True" not in source, path.name


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports, at any depth of the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def test_analytics_imports_only_numpy_pandas_scipy_and_the_vocabulary():
    allowed = ("numpy", "pandas", "scipy", "dashboard.analytics", "dashboard.vocabulary")
    for path in python_files("dashboard/analytics"):
        for module in imported_modules(path):
            top = module.split(".")[0]
            if top == "dashboard" or top not in sys.stdlib_module_names:
                assert module.startswith(allowed), f"{path.name} imports {module}"


def test_no_module_is_over_400_lines_and_no_page_over_200():
    too_long = {str(path.relative_to(ROOT)): lines
                for path in python_files("dashboard", "models", "pages")
                if (lines := len(path.read_text(encoding="utf-8").splitlines()))
                > (200 if path.parent.name == "pages" else 400)}
    assert too_long == {}


def test_the_dashboard_package_has_no_import_circle():
    graph = {}
    for path in python_files("dashboard"):
        name = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        graph[name] = {module for module in imported_modules(path)
                       if module.startswith("dashboard")}
    known = set(graph)
    graph = {name: {m if m in known else m.rsplit(".", 1)[0] for m in imports} & known - {name}
             for name, imports in graph.items()}

    def reaches(start, goal, seen=()):
        return any(step == goal or (step not in seen and reaches(step, goal, (*seen, step)))
                   for step in graph[start])

    circles = sorted(name for name in graph if reaches(name, name))
    assert circles == []
