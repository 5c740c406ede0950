"""Tests for the exercise library loader and the library in content/."""

from dataclasses import replace
from pathlib import Path

import pytest

from dashboard import exercise_library
from dashboard.exercise_library import (
    DEFAULT_CONTENT_DIR,
    SIDES,
    ContentError,
    format_frequency,
    load_library,
    parse_frequency,
)

FIXTURES = Path(__file__).parents[1] / "fixtures" / "content"


@pytest.fixture(scope="module")
def real_library():
    """The library shipped in content/, loaded once for this module."""
    return load_library()


def test_real_library_loads_with_enough_exercises(real_library):
    assert len(real_library) >= 15
    assert len(list(DEFAULT_CONTENT_DIR.glob("*.md"))) == len(real_library)


@pytest.mark.parametrize("side", SIDES)
def test_every_side_has_at_least_five_exercises(real_library, side):
    assert sum(exercise.side == side for exercise in real_library.values()) >= 5


def test_ids_are_unique_and_match_file_names(real_library):
    for exercise_id, exercise in real_library.items():
        assert exercise.id == exercise_id == exercise.path.stem
    assert len({exercise.path for exercise in real_library.values()}) == len(real_library)


def test_real_exercises_are_short_and_complete(real_library):
    for exercise in real_library.values():
        assert 3 <= len(exercise.steps) <= 6, exercise.id
        assert 1 <= len(exercise.prompts) <= 3, exercise.id
        assert all(prompt.endswith("?") for prompt in exercise.prompts), exercise.id
        assert exercise.per_week == parse_frequency(exercise.frequency)
        assert exercise.body.lstrip().startswith(exercise.intro[:20])


def test_library_is_ordered_by_side_then_title(real_library):
    keys = [(SIDES.index(e.side), e.title.lower()) for e in real_library.values()]
    assert keys == sorted(keys)


def test_cached_library_is_the_default_library(real_library):
    exercise_library.library.cache_clear()
    assert exercise_library.library() == real_library
    assert exercise_library.library() is exercise_library.library()


def test_exercise_fields_are_parsed(real_library):
    exercise = real_library["ask-plainly"]
    assert exercise.side == "pursuer"
    assert exercise.minutes == 5
    assert (exercise.frequency, exercise.per_week) == ("3 per week", 3)
    assert exercise.steps[0].startswith("Notice a complaint forming")
    assert exercise.prompts[0] == "What complaint did you turn into a request, and what did you ask for?"
    assert exercise.path == DEFAULT_CONTENT_DIR / "ask-plainly.md"


def test_wrapped_steps_are_joined(tmp_path):
    (tmp_path / "wrapped.md").write_text(
        "---\nid: wrapped\ntitle: Wrapped\nfor: both\nminutes: 2\nfrequency: daily\n"
        "goal: Join lines.\nprompts: ['Did it work?']\n---\nWhy it helps.\n\n"
        "1. First line\n   carries on.\n2. Second.\n\nA closing note.\n"
    )
    exercise = load_library(tmp_path)["wrapped"]
    assert exercise.steps == ("First line carries on.", "Second.")
    assert exercise.intro == "Why it helps."


# (folder, file that is named, field, words from the reason)
BROKEN = [
    ("bad_yaml", "x.md", "header", "invalid YAML at line 3"),
    ("missing_header", "x.md", "header", "must start with a YAML header"),
    ("unclosed_header", "x.md", "header", "no closing '---'"),
    ("header_not_mapping", "x.md", "header", "'field: value'"),
    ("unknown_field", "x.md", "promts", "unknown field; did you mean 'prompts'?"),
    ("missing_field", "x.md", "goal", "missing"),
    ("missing_prompt", "x.md", "prompts", "missing"),
    ("empty_prompts", "x.md", "prompts", "at least one question"),
    ("too_many_prompts", "x.md", "prompts", "at most 3 questions (got 4)"),
    ("prompt_not_text", "x.md", "prompts", "question 2 must be non-empty text (got 42)"),
    ("prompts_not_list", "x.md", "prompts", "must be a list"),
    ("bad_for", "x.md", "for", "must be one of pursuer, withdrawer, both (got 'pusher')"),
    ("bad_frequency", "x.md", "frequency", "'daily' or 'N per week'"),
    ("frequency_out_of_range", "x.md", "frequency", "(got '8 per week')"),
    ("minutes_too_high", "x.md", "minutes", "from 1 to 60 (got 90)"),
    ("minutes_not_number", "x.md", "minutes", "whole number"),
    ("title_not_text", "x.md", "title", "must be text (got int 42)"),
    ("empty_goal", "x.md", "goal", "must not be empty"),
    ("no_steps", "x.md", "steps", "no numbered steps"),
    ("empty_step", "x.md", "steps", "step 2 is empty"),
    ("bad_slug", "Bad_Id.md", "id", "lowercase letters and digits joined by hyphens"),
    ("id_mismatch", "x.md", "id", "must match the file name 'x' (got 'y')"),
    ("duplicate_id", "b.md", "id", "duplicate id 'a' (also in tests/fixtures/content/duplicate_id/a.md)"),
]


@pytest.mark.parametrize(
    ("folder", "file_name", "field", "reason"), BROKEN, ids=[row[0] for row in BROKEN]
)
def test_broken_library_names_file_field_and_reason(folder, file_name, field, reason):
    with pytest.raises(ContentError) as caught:
        load_library(FIXTURES / folder)
    error = caught.value
    assert error.path.name == file_name
    assert error.field == field
    assert reason in error.reason
    assert str(error).startswith(f"tests/fixtures/content/{folder}/{file_name}: field {field!r}: ")
    assert reason in str(error)


def test_error_message_format():
    reason = "must be one of pursuer, withdrawer, both (got 'pusher')"
    error = ContentError(DEFAULT_CONTENT_DIR / "foo.md", "for", reason)
    assert str(error) == f"content/foo.md: field 'for': {reason}"
    assert isinstance(error, ValueError)


def test_missing_or_empty_folder_is_refused(tmp_path):
    with pytest.raises(ContentError, match="does not exist"):
        load_library(tmp_path / "nowhere")
    with pytest.raises(ContentError, match="no exercise files"):
        load_library(tmp_path)


@pytest.mark.parametrize(
    ("text", "per_week"),
    [
        ("daily", 7),
        ("Daily", 7),
        (" daily ", 7),
        ("weekly", 1),
        ("1 per week", 1),
        ("3 per week", 3),
        ("3/week", 3),
        ("3 / week", 3),
        ("3x/week", 3),
        ("3 times per week", 3),
        ("3 times a week", 3),
        ("7 per week", 7),
    ],
)
def test_parse_frequency(text, per_week):
    assert parse_frequency(text) == per_week


@pytest.mark.parametrize(
    "text", ["", "often", "0 per week", "8 per week", "3 per month", "per week", "-1/week"]
)
def test_parse_frequency_refuses(text):
    with pytest.raises(ValueError):
        parse_frequency(text)


@pytest.mark.parametrize("per_week", range(1, 8))
def test_format_frequency_round_trips(per_week):
    assert parse_frequency(format_frequency(per_week)) == per_week


@pytest.mark.parametrize(
    ("side", "leaning", "suits"),
    [
        ("pursuer", "pursuer", True),
        ("pursuer", "withdrawer", False),
        ("pursuer", "mixed", True),
        ("pursuer", "unknown", True),
        ("withdrawer", "withdrawer", True),
        ("withdrawer", "pursuer", False),
        ("withdrawer", "mixed", True),
        ("both", "pursuer", True),
        ("both", "withdrawer", True),
        ("both", "unknown", True),
    ],
)
def test_suits(real_library, side, leaning, suits):
    exercise = replace(next(iter(real_library.values())), side=side)
    assert exercise.suits(leaning) is suits


def test_suits_refuses_an_unknown_leaning(real_library):
    with pytest.raises(ValueError, match="leaning"):
        next(iter(real_library.values())).suits("anxious")


def test_content_module_does_not_import_streamlit():
    source = Path(exercise_library.__file__).read_text()
    assert "streamlit" not in source
