"""The review's corrections as plain operations on the parsed dict (minutes/importing/review.py)."""

from unittest import mock

import pytest
from django.core.exceptions import ValidationError

from minutes.importing import review as ops
from minutes.models import PendingImport
from minutes.parsing import ParsedDay, ParsedItem, ParsedMinutes

from .conftest import TEXT


def two_days(first="2024-11-07", second="2024-11-08") -> dict:
    data = ParsedMinutes(days=[ParsedDay(), ParsedDay()]).to_dict()
    data["days"][0]["date"], data["days"][1]["date"] = first, second
    return data


def test_first_date_changed_moves_the_days_after_it():
    data = two_days()

    changed = ops.days_dates_set(data, [ops._date("2023-11-09"), ops._date("2024-11-08")])

    assert changed is True
    assert [d["date"] for d in data["days"]] == ["2023-11-09", "2023-11-10"]


def test_each_day_set_on_its_own_when_both_change():
    data = two_days()

    ops.days_dates_set(data, [ops._date("2024-11-07"), ops._date("2024-11-14")])

    assert [d["date"] for d in data["days"]] == ["2024-11-07", "2024-11-14"]


def test_dates_unchanged_is_not_a_change():
    data = two_days()

    assert ops.days_dates_set(data, [ops._date("2024-11-07"), ops._date("2024-11-08")]) is False


def test_split_moves_later_numbers_up_only_when_taken():
    data = ParsedMinutes(
        days=[
            ParsedDay(items=[ParsedItem(1, "A", "x\nB\ny"), ParsedItem(2, "C"), ParsedItem(9, "D")])
        ]
    ).to_dict()

    ops.item_split(data, day=0, index=0, line=1)

    assert [(i["number"], i["title"], i["body"]) for i in data["days"][0]["items"]] == [
        (1, "A", "x"),
        (2, "B", "y"),
        (3, "C", ""),
        (9, "D", ""),
    ]


def test_day_intro_moves_into_a_new_item():
    data = ParsedMinutes(days=[ParsedDay(intro="Hacktober\nSal A1 bokad.")]).to_dict()

    assert ops.text_chunks(data) == [("i0", "Hacktober\nSal A1 bokad.")]
    ops.text_move(data, chunk="i0", day=0, index=None)

    assert [(i["number"], i["title"], i["body"]) for i in data["days"][0]["items"]] == [
        (1, "Hacktober", "Sal A1 bokad.")
    ]
    assert ops.text_chunks(data) == []


def test_same_text_uploaded_at_the_same_moment_waits_once(pending, network, editor):
    with (
        mock.patch.object(PendingImport.objects, "filter") as lookup,
        pytest.raises(ValidationError) as raised,
    ):
        lookup.return_value.first.return_value = None  # the other upload not seen yet
        ops.pending_import_create(text=TEXT, filename="igen.txt", network=network, user=editor)

    assert raised.value.messages == ["Filen väntar redan på granskning (igen.txt)."]
    assert PendingImport.objects.count() == 1
