"""minutes/caching.py: the registry's generation moves once per committed change, never for a
rolled-back one, and what is kept for readers is never kept for editors."""

import datetime as dt

import pytest
from django.db import transaction
from django.test import RequestFactory

from minutes import caching
from minutes.models import Meeting
from network.models import Network, Organisation


@pytest.mark.django_db(transaction=True)
def test_a_transaction_moves_the_generation_once_after_it_commits():
    start = caching.generation()
    with transaction.atomic():
        for n in range(50):
            Organisation.objects.create(name=f"Kommun {n}", short_name=f"K{n}")
        assert caching.generation() == start  # not before the commit

    assert caching.generation() == start + 1


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_change_leaves_the_generation():
    start = caching.generation()
    with pytest.raises(RuntimeError), transaction.atomic():
        Network.objects.create(name="Nätverket", slug="n")
        raise RuntimeError

    assert caching.generation() == start
    Network.objects.create(name="Nätverket", slug="n")  # autocommit: at once
    assert caching.generation() == start + 1


@pytest.mark.django_db(transaction=True)
def test_history_rows_do_not_move_it():
    network = Network.objects.create(name="Nätverket", slug="n")
    meeting = Meeting.objects.create(network=network, start_date=dt.date(2024, 11, 7))
    start = caching.generation()

    meeting.history.all().delete()  # the historical model: not what readers see

    assert caching.generation() == start


def test_kept_for_readers_built_afresh_for_editors(member, editor, kept_cache):
    factory, built = RequestFactory(), []

    def build():
        built.append(1)
        return len(built)

    for user, expected in [(member, 1), (member, 1), (editor, 2), (editor, 3)]:
        request = factory.get("/")
        request.user = user
        assert caching.kept(request, "test", ["a"], build) == expected

    request = factory.get("/")
    request.user = member
    caching.registry_changed()  # kept_cache: moves at once, as at a commit
    assert caching.kept(request, "test", ["a"], build) == 4
