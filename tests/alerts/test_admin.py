"""The alerts in the admin: every list and a row of each opens for an administrator."""

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse

from alerts.models import Alert, AlertProfile, Publication, SentDecision
from minutes.services import meeting_publish


@pytest.fixture
def admin_client(client, db):
    client.force_login(User.objects.create_superuser("admin", password="pw-admin-123"))
    return client


def test_admin_lists_and_shows_every_alerts_model(
    admin_client, draft, two_decisions, make_subscriber, follow, network
):
    anna = make_subscriber("anna")
    AlertProfile.objects.create(user=anna, language="en")
    follow(anna, network=network)
    meeting_publish(meeting=draft, version=draft.version)
    call_command("send_alerts", verbosity=0)
    rows = {
        "alert": Alert.objects.get(),
        "alertprofile": AlertProfile.objects.get(),
        "publication": Publication.objects.get(),
        "sentdecision": SentDecision.objects.first(),
    }

    for model, row in rows.items():
        listing = admin_client.get(reverse(f"admin:alerts_{model}_changelist"))
        page = admin_client.get(reverse(f"admin:alerts_{model}_change", args=[row.pk]))
        assert (model, listing.status_code, page.status_code) == (model, 200, 200)
    listing = admin_client.get(reverse("admin:alerts_alert_changelist")).content.decode()
    assert "Nätverket Socialchefsnätverket" in listing
