import pytest
from django.contrib.auth.models import Group, User


@pytest.fixture
def member(db):
    """A director: reads the registry."""
    user = User.objects.create_user("member", password="pw-member-123")
    user.groups.add(Group.objects.get(name="Medlemmar"))
    return user


@pytest.fixture
def editor(db):
    """A planning lead: records and publishes minutes."""
    user = User.objects.create_user("editor", password="pw-editor-123")
    user.groups.add(Group.objects.get(name="Planeringsledare"))
    return user


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client
