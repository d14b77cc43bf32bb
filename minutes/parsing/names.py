"""Swedish first names: where a person starts in a run of names without separators."""

import functools
from pathlib import Path

DATA = Path(__file__).parent / "data" / "first_names.txt"


@functools.cache
def first_names() -> frozenset[str]:
    lines = DATA.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().casefold() for line in lines if line.strip() and line[0] != "#")


def is_first_name(word: str) -> bool:
    """ "Anna", "Bosse", "Ann-Marie" (a hyphenated name whose first part is a first name)."""
    word = word.strip(".,:;")
    if not word or not word[0].isupper():
        return False
    key = word.casefold()
    return key in first_names() or ("-" in key and key.split("-", 1)[0] in first_names())
