"""Load and validate the exercise library: one Markdown file with a YAML header per exercise.

English files are content/<id>.md; each other language the partner's page speaks has its own
folder, content/<language>/<id>.md, with the same id, for, minutes and frequency, the same
number of prompts and steps, and translated title, goal, prompts and body.
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from dashboard.vocabulary import LANGUAGES, LEANINGS, SIDES

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONTENT_DIR = REPO_ROOT / "content"

FIELDS = ("id", "title", "for", "minutes", "frequency", "goal", "prompts")
MAX_PROMPTS = 3
MINUTES_RANGE = (1, 60)

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# The library itself uses one spelling; parse_frequency is more lenient for typed input.
LIBRARY_FREQUENCY = re.compile(r"daily|[1-7] per week")
PER_WEEK = re.compile(r"(\d+)\s*(?:x|times?)?\s*(?:per|/|a|an|each)\s*week", re.IGNORECASE)
STEP = re.compile(r"\s{0,3}\d+[.)](?:\s+(.*))?")
# Header fields a translation keeps exactly as in the English file.
SHARED_FIELDS = ("id", "for", "minutes", "frequency")
# (language, exercise id) pairs that may show the English text for want of a translation.
# Empty on purpose: every exercise is translated (tests/unit/test_content_languages.py).
ALLOWED_FALLBACKS: frozenset[tuple[str, str]] = frozenset()


@dataclass(frozen=True)
class Exercise:
    """One practice from the library, as the check-in page and the assignment form show it."""

    id: str
    title: str
    side: str
    minutes: int
    frequency: str
    per_week: int
    goal: str
    steps: tuple[str, ...]
    prompts: tuple[str, ...]
    body: str
    path: Path

    def suits(self, leaning: str) -> bool:
        """Whether this exercise fits a partner with this leaning (mixed and unknown fit all)."""
        if leaning not in LEANINGS:
            raise ValueError(f"leaning must be one of {', '.join(LEANINGS)} (got {leaning!r})")
        return self.side == "both" or leaning in ("mixed", "unknown") or self.side == leaning

    @property
    def language(self) -> str:
        """The language of this text: its folder under content/, English for the top level."""
        folder = self.path.parent.name
        return folder if folder in LANGUAGES[1:] else "en"

    @property
    def intro(self) -> str:
        """The short paragraph before the steps that says why the exercise helps (may be empty)."""
        lines = []
        for line in self.body.splitlines():
            if STEP.fullmatch(line):
                break
            lines.append(line)
        return " ".join(" ".join(lines).split())


class ContentError(ValueError):
    """A library file that cannot be used, with the file, the field and the reason."""

    def __init__(self, path: Path, field: str | None, reason: str):
        self.path = Path(path)
        self.field = field
        self.reason = reason
        super().__init__(str(self))

    def __str__(self) -> str:
        where = display_path(self.path)
        if self.field is None:
            return f"{where}: {self.reason}"
        return f"{where}: field {self.field!r}: {self.reason}"


def display_path(path: Path) -> str:
    """The path relative to the repository (or the working directory) when it lies inside it."""
    absolute = Path(path).resolve()
    for base in (REPO_ROOT, Path.cwd().resolve()):
        if absolute.is_relative_to(base):
            return absolute.relative_to(base).as_posix()
    return Path(path).as_posix()


def parse_frequency(text: str) -> int:
    """Times per week for 'daily', 'weekly', '3 per week', '3/week', '3 times a week' (1-7)."""
    cleaned = " ".join(str(text).split()).lower()
    if cleaned == "daily":
        return 7
    if cleaned == "weekly":
        return 1
    match = PER_WEEK.fullmatch(cleaned)
    if match is None:
        raise ValueError(f"must be 'daily' or 'N per week' with N from 1 to 7 (got {text!r})")
    per_week = int(match.group(1))
    if not 1 <= per_week <= 7:
        raise ValueError(f"must be from 1 to 7 times per week (got {text!r})")
    return per_week


def format_frequency(per_week: int) -> str:
    """The library's spelling of a frequency: 'daily' for 7, otherwise 'N per week'."""
    return "daily" if per_week == 7 else f"{per_week} per week"


def load_library(directory: Path | str = DEFAULT_CONTENT_DIR) -> dict[str, Exercise]:
    """Every exercise in the folder by id, ordered by side then title; ContentError on the first problem."""
    directory = Path(directory)
    if not directory.is_dir():
        raise ContentError(directory, None, "the exercise folder does not exist")
    files = sorted(directory.glob("*.md"))
    if not files:
        raise ContentError(directory, None, "no exercise files (*.md) found")
    exercises: dict[str, Exercise] = {}
    for path in files:
        exercise = load_exercise(path)
        if exercise.id in exercises:
            other = display_path(exercises[exercise.id].path)
            raise ContentError(path, "id", f"duplicate id {exercise.id!r} (also in {other})")
        if exercise.id != path.stem:
            raise ContentError(path, "id", f"must match the file name {path.stem!r} (got {exercise.id!r})")
        exercises[exercise.id] = exercise
    ordered = sorted(exercises.values(), key=lambda e: (SIDES.index(e.side), e.title.lower(), e.id))
    return {exercise.id: exercise for exercise in ordered}


@functools.lru_cache(maxsize=len(LANGUAGES) + 1)
def library(language: str = "en") -> dict[str, Exercise]:
    """The default library in one language, loaded once per process (English by default)."""
    if language == "en":
        return load_library()
    return load_translations(language)


def exercise_in(exercise_id: str, language: str = "en") -> Exercise:
    """One exercise of the default library in the given language (KeyError for an unknown id)."""
    return library(language)[exercise_id]


def load_translations(
    language: str, directory: Path | str = DEFAULT_CONTENT_DIR,
    english: dict[str, Exercise] | None = None,
) -> dict[str, Exercise]:
    """Every exercise in one non-English language, checked against the English files.

    Ordered like the English library (by side, then by the translated title). A missing
    translation is a ContentError unless its (language, id) is in ALLOWED_FALLBACKS.
    """
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)} (got {language!r})")
    directory = Path(directory)
    english = load_library(directory) if english is None else english
    if language == "en":
        return english
    folder = directory / language
    if not folder.is_dir():
        raise ContentError(folder, None, f"the {language!r} translation folder does not exist")
    translated: dict[str, Exercise] = {}
    for path in sorted(folder.glob("*.md")):
        exercise = load_exercise(path)
        if exercise.id != path.stem:
            raise ContentError(path, "id", f"must match the file name {path.stem!r} (got {exercise.id!r})")
        if exercise.id not in english:
            raise ContentError(path, "id", f"no English exercise {exercise.id!r} (content/{exercise.id}.md)")
        check_translation(exercise, english[exercise.id])
        translated[exercise.id] = exercise
    for exercise_id, original in english.items():
        if exercise_id not in translated:
            if (language, exercise_id) not in ALLOWED_FALLBACKS:
                reason = f"missing translation of {display_path(original.path)}"
                raise ContentError(folder / f"{exercise_id}.md", None, reason)
            translated[exercise_id] = original
    ordered = sorted(translated.values(), key=lambda e: (SIDES.index(e.side), sort_key(e.title), e.id))
    return {exercise.id: exercise for exercise in ordered}


def check_translation(exercise: Exercise, original: Exercise) -> None:
    """A ContentError naming the file and field where a translation departs from the English."""
    source = display_path(original.path)
    for field, attribute in (("for", "side"), ("minutes", "minutes"), ("frequency", "frequency")):
        mine, theirs = getattr(exercise, attribute), getattr(original, attribute)
        if mine != theirs:
            reason = f"must be the same as in {source} ({theirs!r}, got {mine!r})"
            raise ContentError(exercise.path, field, reason)
    for field in ("prompts", "steps"):
        mine, theirs = len(getattr(exercise, field)), len(getattr(original, field))
        if mine != theirs:
            reason = f"needs {theirs} {field}, like {source} (got {mine})"
            raise ContentError(exercise.path, field, reason)


def sort_key(title: str) -> str:
    """A title for sorting: lowercase, accents set aside ("Écouter" sorts with "ecouter")."""
    decomposed = unicodedata.normalize("NFKD", title.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def load_exercise(path: Path) -> Exercise:
    """One exercise file, validated on its own (ids across files are checked by load_library)."""
    header, body = split_header(path)
    for name in header:
        if name not in FIELDS:
            raise ContentError(path, str(name), unknown_field_reason(str(name)))
    for name in FIELDS:
        if name not in header:
            raise ContentError(path, name, "missing (every exercise needs " + ", ".join(FIELDS) + ")")

    exercise_id = text_field(path, header, "id")
    if not SLUG.fullmatch(exercise_id):
        reason = f"must be lowercase letters and digits joined by hyphens (got {exercise_id!r})"
        raise ContentError(path, "id", reason)
    side = text_field(path, header, "for")
    if side not in SIDES:
        raise ContentError(path, "for", f"must be one of {', '.join(SIDES)} (got {side!r})")
    frequency = text_field(path, header, "frequency")
    if not LIBRARY_FREQUENCY.fullmatch(frequency):
        reason = f"must be 'daily' or 'N per week' with N from 1 to 7 (got {frequency!r})"
        raise ContentError(path, "frequency", reason)

    steps = numbered_steps(body)
    if not steps:
        raise ContentError(path, "steps", "the body has no numbered steps (write them as '1. ...')")
    if not all(steps):
        raise ContentError(path, "steps", f"step {steps.index('') + 1} is empty")
    return Exercise(
        id=exercise_id,
        title=text_field(path, header, "title"),
        side=side,
        minutes=minutes_field(path, header),
        frequency=frequency,
        per_week=parse_frequency(frequency),
        goal=text_field(path, header, "goal"),
        steps=steps,
        prompts=prompts_field(path, header),
        body=body,
        path=path,
    )


def split_header(path: Path) -> tuple[dict[str, Any], str]:
    """The parsed YAML header and the Markdown body of one file."""
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    if not lines or lines[0].strip() != "---":
        raise ContentError(path, "header", "the file must start with a YAML header between '---' lines")
    try:
        end = next(i for i, line in enumerate(lines[1:], start=1) if line.strip() == "---")
    except StopIteration:
        raise ContentError(path, "header", "the YAML header has no closing '---' line") from None
    try:
        header = yaml.safe_load("\n".join(lines[1:end]))
    except yaml.YAMLError as error:
        raise ContentError(path, "header", yaml_reason(error)) from None
    if not isinstance(header, dict):
        raise ContentError(path, "header", "must be a list of 'field: value' lines")
    return header, "\n".join(lines[end + 1 :]).strip()


def yaml_reason(error: yaml.YAMLError) -> str:
    """A one-line description of a YAML error, with its line number in the file."""
    mark = getattr(error, "problem_mark", None)
    problem = getattr(error, "problem", None) or "could not be read"
    # The header starts on the file's second line, after the opening '---'.
    where = f" at line {mark.line + 2}" if mark is not None else ""
    return f"invalid YAML{where}: {problem}"


def unknown_field_reason(name: str) -> str:
    """Why a header field is refused, with the nearest allowed name when there is one."""
    close = difflib.get_close_matches(name, FIELDS, n=1)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    return f"unknown field{hint} (allowed: {', '.join(FIELDS)})"


def text_field(path: Path, header: dict[str, Any], name: str) -> str:
    """A required one-line text field."""
    value = header[name]
    if not isinstance(value, str):
        raise ContentError(path, name, f"must be text (got {type(value).__name__} {value!r})")
    text = value.strip()
    if not text:
        raise ContentError(path, name, "must not be empty")
    if "\n" in text:
        raise ContentError(path, name, "must fit on one line")
    return text


def minutes_field(path: Path, header: dict[str, Any]) -> int:
    """The suggested duration in whole minutes."""
    value = header["minutes"]
    low, high = MINUTES_RANGE
    if isinstance(value, bool) or not isinstance(value, int):
        raise ContentError(path, "minutes", f"must be a whole number of minutes (got {value!r})")
    if not low <= value <= high:
        raise ContentError(path, "minutes", f"must be from {low} to {high} (got {value})")
    return value


def prompts_field(path: Path, header: dict[str, Any]) -> tuple[str, ...]:
    """The 1-3 reflection questions shown on the check-in page."""
    value = header["prompts"]
    if not isinstance(value, list):
        raise ContentError(path, "prompts", f"must be a list of 1 to {MAX_PROMPTS} questions (got {value!r})")
    if not value:
        raise ContentError(path, "prompts", "needs at least one question")
    if len(value) > MAX_PROMPTS:
        raise ContentError(path, "prompts", f"at most {MAX_PROMPTS} questions (got {len(value)})")
    prompts = []
    for number, prompt in enumerate(value, start=1):
        if not isinstance(prompt, str) or not prompt.strip():
            raise ContentError(path, "prompts", f"question {number} must be non-empty text (got {prompt!r})")
        prompts.append(" ".join(prompt.split()))
    return tuple(prompts)


def numbered_steps(body: str) -> tuple[str, ...]:
    """The items of the numbered list in the body, with wrapped lines joined."""
    steps: list[str] = []
    in_list = in_item = False
    for line in body.splitlines():
        match = STEP.fullmatch(line)
        if match:
            steps.append((match.group(1) or "").strip())
            in_list = in_item = True
        elif not line.strip():
            in_item = False
        elif in_list and (in_item or line.startswith((" ", "\t"))):
            steps[-1] = f"{steps[-1]} {line.strip()}".strip()
            in_item = True
        else:
            # An unindented paragraph after a blank line ends the list.
            in_list = in_item = False
    return tuple(steps)


def search(library: dict[str, Exercise], text: str = "", sides=()) -> list[Exercise]:
    """Exercises whose title, goal, steps or prompts contain every word, for the given sides."""
    words = text.lower().split()
    found = []
    for exercise in library.values():
        if sides and exercise.side not in sides:
            continue
        haystack = " ".join(
            (exercise.title, exercise.goal, exercise.intro, *exercise.steps, *exercise.prompts)
        ).lower()
        if all(word in haystack for word in words):
            found.append(exercise)
    return found
