"""Files over a limit are refused before they are read whole (issue 8, finding 2)."""

from pathlib import Path
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from minutes.importing.review import upload_read
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

    assert capsys.readouterr().err == f"[1/1] {path}: {TOO_LARGE_TEXT}\n"


def test_upload_refuses_a_large_text_file_without_reading_it(network):
    def read():
        raise AssertionError("read")

    with pytest.raises(ValidationError) as raised:
        upload_read(name="stor.txt", size=3 * 1024 * 1024, read=read)

    assert raised.value.messages == [TOO_LARGE_TEXT]
