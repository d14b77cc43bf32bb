"""Finding the people and organisations that a written name refers to.

An import never merges people on a guess: an exact match (by name or a known written form)
is used, a near-identical spelling ("Monica"/"Monika") is reported as a probable duplicate
for an administrator to merge in the admin.
"""

from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Literal

from django.db.models import Q

from .models import Organisation, Person, PersonName, normalise_name

SIMILARITY = 0.85  # whole-name ratio from which two different spellings are "probably" the same


def organisation_aliases() -> dict[str, str]:
    """Every written form known in the database, case-folded, to the organisation's short name."""
    aliases = {}
    for org in Organisation.objects.prefetch_related("names"):
        aliases[normalise_name(org.name)] = org.short_name
        aliases[normalise_name(org.short_name)] = org.short_name
        for written in org.names.all():
            aliases[normalise_name(written.name)] = org.short_name
    return aliases


def organisation_find(written: str) -> Organisation | None:
    key = written.strip()
    if not key:
        return None
    return (
        Organisation.objects.filter(
            Q(short_name__iexact=key) | Q(name__iexact=key) | Q(names__name__iexact=key)
        )
        .distinct()
        .first()
    )


def names_similar(a: str, b: str) -> bool:
    """Two different spellings of one name: same number of words, same initials, close letters."""
    a, b = normalise_name(a), normalise_name(b)
    if a == b:
        return False
    wa, wb = a.split(), b.split()
    if len(wa) != len(wb) or [w[0] for w in wa] != [w[0] for w in wb]:
        return False
    return SequenceMatcher(None, a, b).ratio() >= SIMILARITY and any(
        x == y for x, y in zip(wa, wb, strict=True)
    )


@dataclass
class PersonMatch:
    status: Literal["existing", "new", "probable_duplicate"]
    person: Person | None = None
    similar: list[Person] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "match": self.status,
            "person_id": self.person.pk if self.person else None,
            "similar_to": [{"id": p.pk, "name": p.full_name} for p in self.similar],
        }


class PersonIndex:
    """All people with their written forms, loaded once per import (two queries)."""

    def __init__(self):
        self.by_name: dict[str, Person] = {}
        self.people = list(Person.objects.all())
        for person in self.people:
            self.by_name.setdefault(normalise_name(person.full_name), person)
        for written in PersonName.objects.select_related("person"):
            self.by_name.setdefault(normalise_name(written.name), written.person)

    def add(self, person: Person) -> None:
        self.people.append(person)
        self.by_name.setdefault(normalise_name(person.full_name), person)

    def match(self, name: str) -> PersonMatch:
        person = self.by_name.get(normalise_name(name))
        if person is not None:
            return PersonMatch("existing", person)
        similar = [p for p in self.people if names_similar(name, p.full_name)]
        if similar:
            return PersonMatch("probable_duplicate", None, similar)
        return PersonMatch("new")


@dataclass
class ResponsibleMatch:
    """A written responsible ("Yvonne", "Mio S") among the people at a meeting: the one person
    it names, or None with the candidates (several: ambiguous; none: unknown)."""

    person: Person | None
    candidates: list[Person] = field(default_factory=list)


def responsible_match(written: str, people: list[Person]) -> ResponsibleMatch:
    """The person among people that written names unambiguously: the full name; a first name
    with the initial of a later name ("Mio S", "Mio S."); a first name alone. A rule that
    fits more than one person links nobody."""
    words = normalise_name(written.replace(".", " ")).split()
    if not words:
        return ResponsibleMatch(None)
    unique = {p.pk: p for p in people}
    named = [(p, normalise_name(p.full_name).split()) for p in unique.values()]
    candidates = [p for p, name in named if name == words]
    if not candidates and len(words) == 1:
        candidates = [p for p, name in named if name[:1] == words]
    elif not candidates and len(words) == 2 and len(words[1]) == 1:
        first, initial = words
        candidates = [
            p
            for p, name in named
            if name[:1] == [first] and any(w.startswith(initial) for w in name[1:])
        ]
    if len(candidates) == 1:
        return ResponsibleMatch(candidates[0], candidates)
    return ResponsibleMatch(None, candidates)
