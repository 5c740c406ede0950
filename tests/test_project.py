"""Standing rules of the code base: Streamlit stays at the edge, every setting is documented."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
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
