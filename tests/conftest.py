import pytest
from django.contrib.auth.models import Group, User
from django.utils import translation

from network.roles import roles_ensure


@pytest.fixture(autouse=True)
def swedish():
    """Every test starts in Swedish, whatever language an earlier request activated."""
    with translation.override("sv"):
        yield


@pytest.fixture
def roles(db):
    """The groups from migration network 0002 (put back if a transactional test flushed them)."""
    roles_ensure()


@pytest.fixture
def member(db, roles):
    """A director: reads the registry."""
    user = User.objects.create_user("member", password="pw-member-123")
    user.groups.add(Group.objects.get(name="Medlemmar"))
    return user


@pytest.fixture
def editor(db, roles):
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
