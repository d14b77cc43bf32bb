import pytest
from django.contrib.auth.models import Group, User
from django.core.cache import cache
from django.utils import translation

from minutes import caching
from network.roles import roles_ensure


@pytest.fixture(autouse=True)
def swedish():
    """Every test starts in Swedish, whatever language an earlier request activated."""
    with translation.override("sv"):
        yield


@pytest.fixture
def kept_cache(settings, monkeypatch):
    """The cache on, as in production (config/settings.py), empty: for tests of what
    minutes/caching.py keeps between requests. A test runs in one transaction that never
    commits, so the generation moves at once, as it does at each commit (tested for real in
    tests/minutes/test_caching.py)."""
    monkeypatch.setattr("minutes.caching.registry_changed", caching._bump)
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "t"}
    }
    cache.clear()
    yield cache
    cache.clear()


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


@pytest.fixture
def sample_files():
    """Small real files of every attachment type, by suffix (the upload checks decode them)."""
    import io
    import zipfile

    import docx
    from PIL import Image

    def image(kind):
        out = io.BytesIO()
        Image.new("RGB", (4, 3), "teal").save(out, kind)
        return out.getvalue()

    def office(main_part):
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as archive:
            archive.writestr(
                "[Content_Types].xml",
                f'<Types><Override PartName="/main.xml" ContentType="{main_part}"/></Types>',
            )
            archive.writestr("main.xml", "<main/>")
        return out.getvalue()

    word = io.BytesIO()
    docx.Document().save(word)
    return {
        ".pdf": b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n",
        ".docx": word.getvalue(),
        ".xlsx": office(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
        ),
        ".pptx": office(
            "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
        ),
        ".png": image("PNG"),
        ".jpg": image("JPEG"),
        ".txt": "Anteckningar från mötet, å ä ö.\n".encode(),
    }
