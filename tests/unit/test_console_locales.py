"""The console's translations are complete: every language folder under console/src/locales holds the same
namespace files as English, with the same keys (nested paths, i18next plural suffixes included), the same
{{placeholders}} per key, and no empty text. A missing key would show English (or the key) in the middle of
a translated screen; a missing placeholder would drop a name or an amount from a message.

One deliberate difference: records:codes.<table>.<code> translates LHDN code tables (states, tax types).
English has no such keys, since it shows the names in features/records/reference/data/<table>.json; every
other language translates each code of those tables."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

CONSOLE = Path(__file__).resolve().parents[2] / "console" / "src"
LOCALES = CONSOLE / "locales"
CODE_DATA = CONSOLE / "features" / "records" / "reference" / "data"
REFERENCE = "en"
LANGUAGES = sorted(path.name for path in LOCALES.iterdir() if path.is_dir())
OTHERS = [language for language in LANGUAGES if language != REFERENCE]
NAMESPACES = sorted({path.name for language in LANGUAGES for path in (LOCALES / language).glob("*.json")})
PLACEHOLDER = re.compile(r"{{\s*([^}]*?)\s*}}")
CODES = ("codes",)  # records:codes.<table>.<code>

Key = tuple[str, ...]


def dotted(key: Key) -> str:
    return ".".join(key)


def load(language: str, namespace: str) -> dict[str, Any]:
    path = LOCALES / language / namespace
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        pytest.fail(f"{language}/{namespace} is not valid JSON: {error}")
    assert isinstance(data, dict), f"{language}/{namespace}: the top level must be an object"
    return data


def flatten(node: dict[str, Any], prefix: Key = ()) -> dict[Key, Any]:
    """Leaves by their path of keys; a key may itself contain dots (errors.json's "text.too_long")."""
    leaves: dict[Key, Any] = {}
    for name, value in node.items():
        if isinstance(value, dict):
            leaves.update(flatten(value, (*prefix, name)))
        else:
            leaves[(*prefix, name)] = value
    return leaves


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def translated_code_keys() -> set[Key]:
    """records:codes.<table>.<code> for each table some language translates, every code of the table."""
    tables = {
        key[len(CODES)]
        for language in OTHERS
        if (LOCALES / language / "records.json").is_file()
        for key in flatten(load(language, "records.json"))
        if key[: len(CODES)] == CODES
    }
    keys: set[Key] = set()
    for table in tables:
        data = CODE_DATA / f"{table}.json"
        assert data.is_file(), f"records:codes.{table} translates a code table with no {data.relative_to(CONSOLE)}"
        keys |= {(*CODES, table, code) for code in json.loads(data.read_text(encoding="utf-8"))}
    return keys


def expected_keys(language: str, namespace: str) -> set[Key]:
    keys = {key for key in flatten(load(REFERENCE, namespace)) if key[: len(CODES)] != CODES}
    if namespace == "records.json" and language != REFERENCE:
        keys |= translated_code_keys()
    return keys


def test_there_are_languages_besides_english() -> None:
    assert REFERENCE in LANGUAGES, f"no {REFERENCE} folder in {LOCALES}"
    assert OTHERS, f"only {REFERENCE} in {LOCALES}"
    assert NAMESPACES


@pytest.mark.parametrize("namespace", NAMESPACES)
def test_every_language_has_every_namespace(namespace: str) -> None:
    missing = [language for language in LANGUAGES if not (LOCALES / language / namespace).is_file()]
    assert not missing, f"{namespace} is missing in: {', '.join(f'{language}/{namespace}' for language in missing)}"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("namespace", NAMESPACES)
def test_no_text_is_empty(language: str, namespace: str) -> None:
    assert (LOCALES / language / namespace).is_file(), f"{language}/{namespace} is missing"
    problems = [
        f"{language}/{namespace}: {dotted(key)} is {'empty' if isinstance(value, str) else f'not text: {value!r}'}"
        for key, value in flatten(load(language, namespace)).items()
        if not isinstance(value, str) or not value.strip()
    ]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("language", OTHERS)
@pytest.mark.parametrize("namespace", NAMESPACES)
def test_same_keys_and_placeholders_as_english(language: str, namespace: str) -> None:
    for folder in (REFERENCE, language):
        assert (LOCALES / folder / namespace).is_file(), f"{folder}/{namespace} is missing"
    english = flatten(load(REFERENCE, namespace))
    translated = flatten(load(language, namespace))
    expected = expected_keys(language, namespace)
    problems = [f"{language}/{namespace}: missing key {dotted(key)}" for key in sorted(expected - translated.keys())]
    problems += [f"{language}/{namespace}: extra key {dotted(key)}" for key in sorted(translated.keys() - expected)]
    for key in sorted(expected & translated.keys() & english.keys()):
        if not isinstance(english[key], str) or not isinstance(translated[key], str):
            continue  # reported by test_no_text_is_empty
        want, got = placeholders(english[key]), placeholders(translated[key])
        if want != got:
            problems.append(
                f"{language}/{namespace}: {dotted(key)} has placeholders {sorted(got)}, "
                f"{REFERENCE} has {sorted(want)}: {translated[key]!r}"
            )
    for key in sorted(expected & translated.keys() - english.keys()):  # translated code names
        if isinstance(translated[key], str) and placeholders(translated[key]):
            problems.append(f"{language}/{namespace}: {dotted(key)} is a code name with placeholders")
    assert not problems, "\n".join(problems)
