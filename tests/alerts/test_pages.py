"""Mina bevakningar, the follow buttons on the registry's pages, and the e-mail's unsubscribe
link (logged out; a GET only asks)."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils.html import strip_tags

from alerts.models import Alert, AlertProfile
from alerts.services import unsubscribe_token
from minutes.models import Matter
from minutes.services import meeting_publish
from network.models import Organisation


def text(response) -> str:
    return " ".join(strip_tags(response.content.decode()).split())


# --- Mina bevakningar ---------------------------------------------------------------------------


def test_alerts_page_needs_login(client):
    response = client.get("/bevakningar/")

    assert (response.status_code, response["Location"]) == (302, "/logga-in/?next=/bevakningar/")


@pytest.mark.parametrize("count", [1, 3])
def test_alerts_page_lists_own_alerts_only_in_bounded_queries(
    client, make_subscriber, follow, network, matter, count, django_assert_max_num_queries
):
    anna = make_subscriber("anna")
    other = make_subscriber("bo")
    follow(other, words="hemlig bevakning")
    ale = Organisation.objects.create(name="Ale kommun", short_name="Ale")
    targets = [{"matter": matter}, {"network": network}, {"organisation": ale}][:count]
    made = [follow(anna, **target) for target in targets]  # the page's order: by kind
    client.force_login(anna)

    # session, user, alerts (with what they name), profile; the menu's two permission queries
    with django_assert_max_num_queries(6):
        response = client.get("/bevakningar/")

    page = text(response)
    assert response.status_code == 200
    assert [a.pk for a in response.context["alerts"]] == [a.pk for a in made]
    assert "hemlig bevakning" not in page
    assert "E-brevet skickas till anna@kommun.example.se." in page
    assert "Ärendet Nära vård" in page


def test_alerts_page_says_when_the_account_has_no_address(client, make_subscriber):
    client.force_login(make_subscriber("anna", email=""))

    page = text(client.get("/bevakningar/"))

    assert "Ditt konto saknar e-postadress, så inga e-brev kan skickas." in page
    assert "Du bevakar ingenting ännu." in page


def test_remove_own_alert(client, make_subscriber, follow, network):
    anna = make_subscriber("anna")
    alert = follow(anna, network=network)
    client.force_login(anna)

    response = client.post(reverse("alerts:remove", args=[alert.pk]), follow=True)

    assert response.redirect_chain == [("/bevakningar/", 302)]
    assert "Bevakningen är borttagen: Nätverket Socialchefsnätverket." in text(response)
    assert Alert.objects.count() == 0


def test_another_users_alert_cannot_be_removed(client, make_subscriber, follow, network):
    alert = follow(make_subscriber("bo"), network=network)
    client.force_login(make_subscriber("anna"))

    response = client.post(reverse("alerts:remove", args=[alert.pk]))

    assert response.status_code == 404
    assert Alert.objects.filter(pk=alert.pk).exists()


def test_language_of_the_email_is_saved(client, make_subscriber):
    anna = make_subscriber("anna")
    client.force_login(anna)

    response = client.post(reverse("alerts:language"), {"language": "en"})

    assert response.status_code == 302
    assert AlertProfile.objects.get(user=anna).language == "en"
    assert client.post(reverse("alerts:language"), {"language": "xx"}).status_code == 302
    assert AlertProfile.objects.get(user=anna).language == "en"


def test_user_menu_links_to_alerts(client, make_subscriber):
    client.force_login(make_subscriber("anna"))

    response = client.get("/beslut/")

    assert '<a href="/bevakningar/">Mina bevakningar</a>' in response.content.decode()


# --- Follow buttons ----------------------------------------------------------------------------


def test_search_page_saves_the_search(client, make_subscriber):
    anna = make_subscriber("anna")
    client.force_login(anna)
    page = client.get("/sok/", {"q": "nära vård"}).content.decode()
    assert "Bevaka den här sökningen" in page

    response = client.post(
        reverse("alerts:create"),
        {"kind": "search", "words": "nära  vård", "next": "/sok/?q=n%C3%A4ra+v%C3%A5rd"},
        follow=True,
    )

    alert = Alert.objects.get()
    assert (alert.user, alert.kind, alert.words, alert.network) == (
        anna,
        "search",
        "nära vård",
        None,
    )
    assert response.redirect_chain == [("/sok/?q=n%C3%A4ra+v%C3%A5rd", 302)]
    page = text(response)
    assert "Du bevakar nu: Sökningen ”nära vård”." in page
    assert "Du bevakar den här sökningen." in page
    assert AlertProfile.objects.get(user=anna).language == "sv"


def test_decision_list_saves_words_network_and_kind(client, make_subscriber, network, draft):
    meeting_publish(meeting=draft, version=draft.version)  # the network in the filter's choices
    client.force_login(make_subscriber("anna"))
    page = client.get(
        "/beslut/", {"q": "yttrande", "network": "socialchefer", "kind": "ställningstagande"}
    ).content.decode()
    assert '<input type="hidden" name="network" value="socialchefer">' in page
    assert '<input type="hidden" name="decision_kind" value="ställningstagande">' in page

    client.post(
        reverse("alerts:create"),
        {
            "kind": "search",
            "words": "yttrande",
            "network": "socialchefer",
            "decision_kind": "ställningstagande",
        },
    )

    alert = Alert.objects.get()
    assert alert.describe() == "Sökningen ”yttrande” i Socialchefsnätverket, bara Ställningstagande"
    assert alert.get_absolute_url() == (
        "/beslut/?q=yttrande&network=socialchefer&kind=st%C3%A4llningstagande"
    )


def test_network_matter_and_organisation_pages_offer_follow(
    client, make_subscriber, network, matter, draft
):
    meeting_publish(meeting=draft, version=draft.version)
    ale = Organisation.objects.create(name="Ale kommun", short_name="Ale")
    anna = make_subscriber("anna")
    client.force_login(anna)

    pages = {
        "network": client.get("/moten/", {"network": "socialchefer"}),
        "matter": client.get("/beslut/", {"matter": matter.pk}),
        "organisation": client.get(ale.get_absolute_url()),
    }

    assert "Följ nätverket" in text(pages["network"])
    assert "Följ ärendet" in text(pages["matter"])
    assert "Följ organisationen" in text(pages["organisation"])
    for data in [
        {"kind": "network", "network": "socialchefer"},
        {"kind": "matter", "matter": matter.pk},
        {"kind": "organisation", "organisation": ale.pk},
    ]:
        assert client.post(reverse("alerts:create"), data).status_code == 302
    assert sorted(Alert.objects.filter(user=anna).values_list("kind", flat=True)) == [
        "matter",
        "network",
        "organisation",
    ]
    page = text(client.get(ale.get_absolute_url()))
    assert "Du följer organisationen." in page
    assert "Följ organisationen" not in page


def test_following_twice_keeps_one_alert(client, make_subscriber, network):
    client.force_login(make_subscriber("anna"))

    client.post(reverse("alerts:create"), {"kind": "network", "network": "socialchefer"})
    response = client.post(
        reverse("alerts:create"), {"kind": "network", "network": "socialchefer"}, follow=True
    )

    assert Alert.objects.count() == 1
    assert "Du bevakar redan: Nätverket Socialchefsnätverket." in text(response)


def test_member_cannot_follow_a_matter_only_in_a_draft(client, make_subscriber, network, draft):
    hidden = Matter.objects.create(network=network, title="Utkastärendet", draft_meeting=draft)
    client.force_login(make_subscriber("anna"))

    response = client.post(
        reverse("alerts:create"), {"kind": "matter", "matter": hidden.pk}, follow=True
    )

    assert Alert.objects.count() == 0
    assert "Bevakningen kunde inte sparas:" in text(response)
    assert "Utkastärendet" not in text(response)


def test_search_without_words_is_refused(client, make_subscriber):
    client.force_login(make_subscriber("anna"))

    response = client.post(
        reverse("alerts:create"), {"kind": "search", "words": " – "}, follow=True
    )

    assert Alert.objects.count() == 0
    assert "Bevakningen kunde inte sparas: Sökningen innehåller inga ord." in text(response)


def test_next_elsewhere_is_not_followed(client, make_subscriber, network):
    client.force_login(make_subscriber("anna"))

    response = client.post(
        reverse("alerts:create"),
        {"kind": "network", "network": "socialchefer", "next": "https://evil.example.com/"},
    )

    assert response["Location"] == "/bevakningar/"


def test_visitor_of_a_public_registry_sees_no_button(client, settings, network, draft):
    settings.REGISTRY_PUBLIC = True
    meeting_publish(meeting=draft, version=draft.version)

    page = client.get("/moten/", {"network": "socialchefer"}).content.decode()

    assert "Följ nätverket" not in page
    assert "Mina bevakningar" not in page


# --- Unsubscribing from the e-mail -------------------------------------------------------------


@pytest.fixture
def mailed(draft, two_decisions, make_subscriber, follow, network, mailoutbox):
    """anna follows the network and saves a search; the publication's e-mail is sent."""
    anna = make_subscriber("anna")
    alerts = [follow(anna, network=network), follow(anna, words="yttrande")]
    meeting_publish(meeting=draft, version=draft.version)
    call_command("send_alerts", verbosity=0)
    (message,) = mailoutbox
    return anna, alerts, message


def test_unsubscribe_from_the_emails_link_logged_out(client, mailed, links):
    anna, (_network_alert, search_alert), message = mailed
    one = links(message)[0]

    # A GET (a mail scanner following the link, or the member) only asks.
    asked = client.get(one)
    assert asked.status_code == 200
    assert "Vill du sluta bevaka det här?" in text(asked)
    assert "Nätverket Socialchefsnätverket" in text(asked)
    assert Alert.objects.filter(user=anna).count() == 2

    done = client.post(one, follow=True)

    assert done.redirect_chain == [(one, 302)]
    assert "Klart. Du får inga fler e-brev om det här." in text(done)
    assert "Bevakningen är avslutad." in text(done)
    assert list(Alert.objects.filter(user=anna)) == [search_alert]
    assert "_auth_user_id" not in client.session  # nobody logged in


def test_unsubscribe_from_all_alerts_logged_out(client, mailed, links):
    anna, _alerts, message = mailed
    every = links(message)[-1]

    asked = client.get(every)
    assert "Vill du sluta med alla dina bevakningar?" in text(asked)
    client.post(every)

    assert Alert.objects.filter(user=anna).count() == 0
    assert "Du har inga bevakningar" in text(client.get(every))


def test_unsubscribe_tampered_token_changes_nothing(client, mailed, links):
    anna, _alerts, message = mailed
    one = links(message)[0]
    token = one.split("/")[-2]
    # another member's alert number in a token signed for the first
    tampered = one.replace(token, token[:5] + ("A" if token[5] != "A" else "B") + token[6:])

    asked = client.get(tampered)
    posted = client.post(tampered)

    assert (asked.status_code, posted.status_code) == (400, 400)
    assert "Länken fungerar inte." in text(posted)
    assert "Ingenting har ändrats." in text(posted)
    assert Alert.objects.filter(user=anna).count() == 2


def test_unsubscribe_token_names_only_its_own_members_alerts(
    client, make_subscriber, follow, network
):
    anna, bo = make_subscriber("anna"), make_subscriber("bo")
    follow(anna, network=network)
    bos = follow(bo, network=network)
    # anna's "all" token, used on bo's alert number: still only anna's alerts
    token = unsubscribe_token(user_id=anna.pk, alert_id=bos.pk)

    client.post(reverse("alerts:unsubscribe", args=[token]))

    assert Alert.objects.filter(user=bo).exists()
    assert Alert.objects.filter(user=anna).exists()
