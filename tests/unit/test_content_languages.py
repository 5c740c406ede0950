"""Every exercise in every language the partner's page speaks, checked against the English."""

from pathlib import Path

import pytest

from dashboard import exercise_library
from dashboard.exercise_library import (
    ALLOWED_FALLBACKS,
    DEFAULT_CONTENT_DIR,
    ContentError,
    load_library,
    load_translations,
)
from dashboard.vocabulary import LANGUAGES

TRANSLATED = [language for language in LANGUAGES if language != "en"]
ENGLISH = (DEFAULT_CONTENT_DIR / "ask-plainly.md").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def english():
    return load_library()


def test_no_fallback_to_english_is_allowed():
    assert ALLOWED_FALLBACKS == frozenset()


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_exercise_is_translated_with_the_same_shape(english, language):
    translated = load_translations(language)
    assert set(translated) == set(english)
    assert len(list((DEFAULT_CONTENT_DIR / language).glob("*.md"))) == len(english)
    for exercise_id, original in english.items():
        exercise = translated[exercise_id]
        assert exercise.path == DEFAULT_CONTENT_DIR / language / f"{exercise_id}.md"
        assert exercise.language == language
        assert (exercise.id, exercise.side, exercise.minutes, exercise.frequency) == (
            original.id, original.side, original.minutes, original.frequency)
        assert len(exercise.prompts) == len(original.prompts), exercise_id
        assert len(exercise.steps) == len(original.steps), exercise_id
        assert all(prompt.endswith("?") for prompt in exercise.prompts), exercise_id
        # Translated, not copied: no visible text is the English one.
        assert exercise.title != original.title and exercise.goal != original.goal
        assert set(exercise.steps).isdisjoint(original.steps), exercise_id
        assert exercise.intro and exercise.intro != original.intro, exercise_id


def test_default_library_is_english_and_unchanged(english):
    exercise_library.library.cache_clear()
    assert exercise_library.library() == english
    assert exercise_library.library("en") == english
    assert all(exercise.language == "en" for exercise in english.values())


@pytest.mark.parametrize("language", TRANSLATED)
def test_library_in_a_language_is_cached_and_ordered(language):
    exercise_library.library.cache_clear()
    translated = exercise_library.library(language)
    assert translated is exercise_library.library(language)
    keys = [(exercise_library.SIDES.index(e.side), exercise_library.sort_key(e.title))
            for e in translated.values()]
    assert keys == sorted(keys)
    assert exercise_library.exercise_in("ask-plainly", language) == translated["ask-plainly"]


def test_unknown_language_is_refused():
    with pytest.raises(ValueError, match="'nl'"):
        exercise_library.library("nl")


def test_sort_key_sets_accents_aside():
    assert exercise_library.sort_key("Élargir") == "elargir"


def write_english(root: Path, text: str = ENGLISH) -> None:
    root.mkdir(exist_ok=True)
    (root / "ask-plainly.md").write_text(text, encoding="utf-8")


# (what is changed in the copy of the English file, field named, words from the reason)
BROKEN_TRANSLATIONS = [
    (("for: pursuer", "for: withdrawer"), "for", "must be the same as in"),
    (("minutes: 5", "minutes: 6"), "minutes", "(5, got 6)"),
    (("frequency: 3 per week", "frequency: daily"), "frequency", "'3 per week'"),
    (("  - How did your partner respond to your request?\n", ""), "prompts", "needs 2 prompts"),
    (("5. If they say yes", "If they say yes"), "steps", "needs 5 steps"),
    (("goal: Turn", "gaol: Turn"), "gaol", "did you mean 'goal'?"),
    (("id: ask-plainly", "id: ask-kindly"), "id", "must match the file name"),
]


@pytest.mark.parametrize(("change", "field", "reason"), BROKEN_TRANSLATIONS,
                         ids=[row[1] for row in BROKEN_TRANSLATIONS])
def test_broken_translation_names_file_and_field(tmp_path, change, field, reason):
    write_english(tmp_path)
    write_english(tmp_path / "de", ENGLISH.replace(*change))
    with pytest.raises(ContentError) as caught:
        load_translations("de", tmp_path)
    error = caught.value
    assert (error.path, error.field) == (tmp_path / "de" / "ask-plainly.md", field)
    assert reason in error.reason
    assert f"ask-plainly.md: field {field!r}: " in str(error)


def test_missing_translation_names_the_missing_file(tmp_path):
    write_english(tmp_path)
    (tmp_path / "de").mkdir()
    with pytest.raises(ContentError) as caught:
        load_translations("de", tmp_path)
    assert caught.value.path == tmp_path / "de" / "ask-plainly.md"
    assert "missing translation of" in caught.value.reason


def test_translation_without_an_english_exercise_is_refused(tmp_path):
    write_english(tmp_path)
    write_english(tmp_path / "de")
    (tmp_path / "de" / "extra.md").write_text(ENGLISH.replace("ask-plainly", "extra"))
    with pytest.raises(ContentError, match="no English exercise 'extra'") as caught:
        load_translations("de", tmp_path)
    assert caught.value.field == "id"


def test_missing_language_folder_is_refused(tmp_path):
    write_english(tmp_path)
    with pytest.raises(ContentError, match="'fr' translation folder does not exist"):
        load_translations("fr", tmp_path)


def test_allowed_fallback_shows_the_english_text(tmp_path, monkeypatch):
    write_english(tmp_path)
    (tmp_path / "de").mkdir()
    monkeypatch.setattr(exercise_library, "ALLOWED_FALLBACKS", frozenset({("de", "ask-plainly")}))
    exercise = load_translations("de", tmp_path)["ask-plainly"]
    assert exercise.path == tmp_path / "ask-plainly.md"
