"""minutes/caching.py: the registry's generation moves once per committed change, never for a
rolled-back one, and what is kept for readers is never kept for editors."""

import datetime as dt
import re

import pytest
from django.db import connection, transaction
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

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


@pytest.fixture
def demo_kept(db, kept_cache):
    import io

    from django.core.management import call_command

    call_command("load_demo", stdout=io.StringIO())


@pytest.mark.parametrize(
    "path", ["/beslut/socialchefsnatverket-2024-11-08-4/", "/atgarder/", "/uppdrag/", "person"]
)
def test_a_kept_page_reads_as_the_page_and_costs_the_request_only(
    member_client, demo_kept, django_assert_max_num_queries, path
):
    from network.models import Person

    if path == "person":
        path = Person.objects.filter(attendances__isnull=False).first().get_absolute_url()
    first = member_client.get(path)

    # session, user, permissions x2, the generation; the page's own queries are not run
    with django_assert_max_num_queries(5):
        second = member_client.get(path)

    assert second.status_code == first.status_code == 200
    # the same page, but for the CSRF token base.html masks anew on every request
    assert without_tokens(second) == without_tokens(first)
    assert second.templates[0].name == "kept_page.html"


def without_tokens(response) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="\w+"', "", response.content.decode())


def test_a_kept_page_changes_with_the_registry(member_client, demo_kept):
    from decisions.models import Decision

    decision = Decision.objects.get(reference="Socialchefsnätverket 2024-11-08 §4")
    url = decision.get_absolute_url()
    assert decision.text in member_client.get(url).content.decode()

    Decision.objects.filter(pk=decision.pk).update(text="Rättad lydelse.")
    caching.registry_changed()  # an update() outside the services: as the admin's save does

    page = member_client.get(url).content.decode()
    assert "Rättad lydelse." in page


def test_the_menu_stays_each_readers_own(member_client, client, demo_kept, settings):
    """A member fills the cache; a visitor of the public registry gets the same page with
    their own menu (base.html is rendered per request)."""
    settings.REGISTRY_PUBLIC = True
    members = member_client.get("/uppdrag/").content.decode()
    client.logout()

    visitors = client.get("/uppdrag/")

    assert visitors.templates[0].name == "kept_page.html"
    page = visitors.content.decode()
    assert "Logga ut" in members and "Logga ut" not in page and "Logga in" in page


def test_the_meeting_list_kept_for_readers_until_the_registry_changes(
    member_client, demo_kept, django_assert_max_num_queries
):
    first = member_client.get("/moten/", {"network": "socialchefsnatverket"})

    # session, user, permissions x2, the generation, the network filter's value, the alert
    # button's "already following?", the private feed address: not the meetings
    with django_assert_max_num_queries(8) as captured:
        second = member_client.get("/moten/", {"network": "socialchefsnatverket"})

    assert not [q for q in captured.captured_queries if "minutes_meetingday" in q["sql"]]
    assert without_tokens(second) == without_tokens(first)
    meeting = Meeting.objects.order_by("-start_date").first()
    meeting.theme = "Ett nytt tema för mötet"
    meeting.save()
    assert "Ett nytt tema för mötet" in member_client.get("/moten/").content.decode()


def test_the_organisation_page_kept_below_the_follow_button(
    member_client, demo_kept, django_assert_max_num_queries
):
    from network.models import Organisation, Person

    molndal = Organisation.objects.get(short_name="Mölndal")
    first = member_client.get(molndal.get_absolute_url())

    # session, user, permissions x2, the organisation, the generation, the follow button's
    # "already following?": not the members, the chart or the actions
    with django_assert_max_num_queries(7) as captured:
        second = member_client.get(molndal.get_absolute_url())

    assert not [q for q in captured.captured_queries if "network_membership" in q["sql"]]
    assert without_tokens(second) == without_tokens(first)
    assert "Följ organisationen" in second.content.decode()  # per request, not kept
    person = Person.objects.filter(memberships__organisation=molndal).first()
    person.full_name = "Ett Nytt Namn"
    person.save()
    assert "Ett Nytt Namn" in member_client.get(molndal.get_absolute_url()).content.decode()


def test_the_home_page_kept_for_readers_with_each_readers_feed_links(
    member_client, demo_kept, django_assert_max_num_queries
):
    first = member_client.get("/")

    # session, user, permissions x2, the generation, the member's private feed address
    with django_assert_max_num_queries(6) as captured:
        second = member_client.get("/")

    assert not [q for q in captured.captured_queries if "minutes_meeting" in q["sql"]]
    assert without_tokens(second) == without_tokens(first)
    meeting = Meeting.objects.order_by("-start_date").first()
    meeting.theme = "Ett nytt tema för mötet"
    meeting.save()
    assert "Ett nytt tema för mötet" in member_client.get("/").content.decode()


def test_a_search_kept_for_readers_tabs_and_pages_reuse_its_rows(
    member_client, demo_kept, django_assert_max_num_queries
):
    from decisions.models import Decision

    first = member_client.get("/sok/", {"q": "socialtjänstlag"})
    assert first.context["page"].paginator.count > 1

    # the same search again: the session, the user, the permissions, the generation, the alert
    # button's "already saved?"; neither the search nor its hits
    with django_assert_max_num_queries(6) as captured:
        member_client.get("/sok/", {"q": "socialtjänstlag"})
    sql = " ".join(q["sql"] for q in captured.captured_queries)
    assert "minutes_agendaitem" not in sql and "decisions_decision" not in sql
    # another of its tabs or orders: the hits of that page are fetched, the search is not run
    for params in ({"typ": "beslut"}, {"ordning": "datum"}):
        with CaptureQueriesContext(connection) as captured:
            again = member_client.get("/sok/", {"q": "socialtjänstlag", **params})
        assert again.status_code == 200
        assert not [q for q in captured.captured_queries if "UNION" in q["sql"]]
    assert without_tokens(member_client.get("/sok/", {"q": "socialtjänstlag"})) == without_tokens(
        first
    )

    def found(q):
        return member_client.get("/sok/", {"q": q}).context["page"].paginator.count

    assert found("kamratstöd") == 0
    decision = Decision.objects.get(reference="Socialchefsnätverket 2024-11-08 §4")
    decision.text = "Nätverket ställer sig bakom remissvaret om kamratstöd."
    decision.save()
    assert found("kamratstöd") == 1  # the decision; its item does not say it
