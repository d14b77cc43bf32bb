"""The one rule for presence notes (minutes.parsing.attendance.note_presence): a note as
people write it, against the day's items, gives the items the person was there for."""

import pytest

from minutes.parsing.attendance import note_presence

PLAIN = [(n, f"Punkt {n}") for n in range(1, 9)]
LUNCH = [(1, "Välkommen"), (2, "Nära vård"), (3, "Budget"), (4, "Lunch"), (5, "SoL"), (6, "Avslut")]
TIMED = [
    (1, "09.00 Välkommen"),
    (2, "09.15 Nära vård"),
    (3, "Fortsättning"),  # no time of its own: runs from 09.15
    (4, "11.00 Budget"),
    (5, "13.00 Ny socialtjänstlag"),
    (6, "14.30 Avslut"),
]


@pytest.mark.parametrize(
    ("note", "items", "expected"),
    [
        ("gick efter punkt 3", PLAIN, [1, 2, 3]),
        ("lämnade efter punkt 3", PLAIN, [1, 2, 3]),
        ("Lämnade mötet efter § 3", PLAIN, [1, 2, 3]),
        ("t.o.m. punkt 3", PLAIN, [1, 2, 3]),
        ("gick före punkt 4", PLAIN, [1, 2, 3]),
        ("kom till punkt 5", PLAIN, [5, 6, 7, 8]),
        ("från punkt 5", PLAIN, [5, 6, 7, 8]),
        ("kom efter punkt 4", PLAIN, [5, 6, 7, 8]),
        ("kom till punkt 2, gick efter punkt 5", PLAIN, [2, 3, 4, 5]),
        ("punkt 4-8", PLAIN, [4, 5, 6, 7, 8]),
        ("§§ 4–8", PLAIN, [4, 5, 6, 7, 8]),
        ("punkt 4, 5 och 7", PLAIN, [4, 5, 7]),
        ("från kl. 13", TIMED, [5, 6]),
        ("kom kl 10.30", TIMED, [2, 3, 4, 5, 6]),
        ("till kl. 12", TIMED, [1, 2, 3, 4]),
        ("kl. 9.15-11", TIMED, [2, 3]),
        ("från kl. 13", PLAIN, []),
        ("efter lunch", LUNCH, [5, 6]),
        ("förmiddagen", LUNCH, [1, 2, 3]),
        ("gick efter lunch", LUNCH, [1, 2, 3]),
        ("eftermiddagen", TIMED, [5, 6]),
        ("fm", TIMED, [1, 2, 3, 4]),
        ("efter lunch", PLAIN, []),
    ],
)
def test_note_gives_the_items_present(note, items, expected):
    presence = note_presence(note, items)

    assert (presence.items, presence.partial) == (expected, True)


@pytest.mark.parametrize("note", ["via länk", "digitalt", "på distans", "Deltar via Teams"])
def test_remote_note_is_the_whole_day(note):
    assert note_presence(note, PLAIN) == note_presence(note, None)
    assert (note_presence(note, PLAIN).remote, note_presence(note, PLAIN).partial) == (True, False)
    assert note_presence(note, PLAIN).items == []


def test_remote_for_some_items():
    presence = note_presence("deltar via länk punkt 4", PLAIN)

    assert (presence.remote, presence.partial, presence.items) == (True, True, [4])


def test_partial_without_items_keeps_no_items():
    presence = note_presence("del av mötet", PLAIN)

    assert (presence.partial, presence.remote, presence.items) == (True, False, [])


def test_no_note_is_the_whole_day():
    assert note_presence("", PLAIN) == note_presence("", None)
    assert (note_presence("", PLAIN).partial, note_presence("", PLAIN).items) == (False, [])


def test_without_the_days_items_only_written_numbers_are_known():
    assert note_presence("punkt 4-8").items == [4, 5, 6, 7, 8]
    assert note_presence("gick efter punkt 3").items == [3]


def test_items_are_taken_in_number_order():
    shuffled = [PLAIN[4], PLAIN[0], PLAIN[7], PLAIN[2]]

    assert note_presence("gick efter punkt 3", shuffled).items == [1, 3]
