"""Files over a limit are refused before they are read whole (issue 8, finding 2)."""

from pathlib import Path
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from minutes.importing.forms import UploadForm
from network.models import Network

TOO_LARGE_TEXT = "Filen är för stor för att läsas som anteckningar (3 MB; högst 2 MB)."


@pytest.fixture
def network(db):
    return Network.objects.create(name="Socialchefsnätverket", slug="socialchefer")


def test_command_refuses_a_large_text_file_without_reading_it(tmp_path, network, capsys):
    path = tmp_path / "stor.txt"
    path.write_bytes(b"Anna Svensson, Ale\n" * (3 * 1024 * 1024 // 19 + 1))

    with (
        mock.patch.object(Path, "read_bytes", side_effect=AssertionError("read")),
        pytest.raises(CommandError),
    ):
        call_command("import_minutes", str(path), "--dry-run")

    assert capsys.readouterr().err == f"{path}: {TOO_LARGE_TEXT}\n"


def test_upload_form_refuses_a_large_text_file_without_reading_it(network):
    upload = SimpleUploadedFile("stor.txt", b"a" * (3 * 1024 * 1024))
    form = UploadForm(data={"network": network.pk}, files={"file": upload})

    with mock.patch.object(
        SimpleUploadedFile, "read", new_callable=mock.PropertyMock, side_effect=AssertionError
    ):
        assert not form.is_valid()
    assert form.errors["file"] == [TOO_LARGE_TEXT]
