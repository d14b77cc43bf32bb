"""Alerts in Chromium under the CSP: a member follows an organisation and finds it on Mina
bevakningar; a visitor who is not logged in unsubscribes from the e-mail's link (the CSRF
cookie and the body guard let the button through). axe-core finds nothing on any state."""

import pytest
from django.contrib.auth.models import User

from alerts.models import Alert
from alerts.services import unsubscribe_token
from network.models import Network, Organisation

pytestmark = pytest.mark.django_db(transaction=True)  # the live server sees committed data


def test_member_follows_and_lists_alerts(live_server, member_login, axe):
    page = member_login
    member = User.objects.get(username="direktor")
    member.email = "direktor@kommun.example.se"
    member.save()
    ale = Organisation.objects.create(name="Ale kommun", short_name="Ale", kind="municipality")
    network = Network.objects.create(name="Socialchefsnätverket", slug="socialchefer")
    Alert.objects.create(user=member, kind=Alert.Kind.SEARCH, words="nära vård", network=network)

    page.goto(f"{live_server.url}/organisationer/{ale.pk}/")
    page.get_by_role("button", name="Följ organisationen").click()
    page.wait_for_load_state("load")
    assert "Du bevakar nu: Organisationen Ale kommun." in page.get_by_role("status").inner_text()
    assert axe(page) == []

    page.get_by_role("link", name="Mina bevakningar").first.click()
    page.wait_for_url(f"{live_server.url}/bevakningar/")
    assert page.get_by_role("heading", level=2, name="2 bevakningar").is_visible()
    assert axe(page) == []

    page.get_by_role("button", name="Ta bort bevakningen: Organisationen Ale kommun").click()
    page.wait_for_load_state("load")
    assert list(Alert.objects.filter(user=member).values_list("kind", flat=True)) == ["search"]
    assert axe(page) == []


def test_visitor_unsubscribes_from_the_emails_link(live_server, page, roles, axe):
    user = User.objects.create_user("anna", email="anna@kommun.example.se")
    network = Network.objects.create(name="Socialchefsnätverket", slug="socialchefer")
    alert = Alert.objects.create(user=user, kind=Alert.Kind.NETWORK, network=network)
    token = unsubscribe_token(user_id=user.pk, alert_id=alert.pk)
    url = f"{live_server.url}/bevakningar/avsluta/{token}/"

    page.goto(url)
    assert page.get_by_role("heading", level=1).inner_text() == "Sluta bevaka"
    assert axe(page) == []
    assert Alert.objects.filter(pk=alert.pk).exists()  # the GET only asked

    page.get_by_role("button", name="Sluta bevaka").click()
    page.wait_for_load_state("load")

    assert page.get_by_role("status").inner_text() == "Klart. Du får inga fler e-brev om det här."
    assert not Alert.objects.filter(pk=alert.pk).exists()
    assert axe(page) == []

    page.goto(url.replace("/avsluta/", "/avsluta/x"))
    assert "Länken fungerar inte." in page.get_by_role("alert").inner_text()
    assert axe(page) == []
