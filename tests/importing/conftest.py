"""A pending import built from a hand-made parse, so that the review's tests do not move when
the parser gets better (the upload tests go through the parser)."""

import datetime as dt

import pytest
from django.urls import reverse

from minutes.importing.review import minutes_dict
from minutes.management.commands.load_demo import Command as LoadDemo
from minutes.models import PendingImport
from minutes.parsing import (
    ParsedAttendee,
    ParsedDay,
    ParsedDecision,
    ParsedItem,
    ParsedMinutes,
    ParsedRecorder,
)
from minutes.services import text_sha256

TEXT = """Anteckningar socialchefsnätverket

Närvarande:
Anna Andersson, Ale
Bo Bengtsson, Lerum
Eva Klang

1. Välkommen
Ordföranden hälsar välkommen.
Dagordningen godkänns.
Statsbidrag
Mer text om statsbidrag.

2. Statsbidrag
Beslut: Nätverket ställer sig bakom förslaget.

3. Övrigt
Inget.

Antecknat av: Cecilia Axelsson
"""


def parsed_minutes() -> ParsedMinutes:
    return ParsedMinutes(
        days=[
            ParsedDay(
                date=dt.date(2024, 3, 5),
                attendees=[
                    ParsedAttendee("Anna Andersson", "Ale", "Ale"),
                    ParsedAttendee("Bo Bengtsson", "Lerum", "Lerum"),
                    ParsedAttendee("Eva Klang", doubts=["no_organisation"]),
                ],
                items=[
                    ParsedItem(
                        1,
                        "Välkommen",
                        "Ordföranden hälsar välkommen.\nDagordningen godkänns.\n"
                        "Statsbidrag\nMer text om statsbidrag.",
                    ),
                    ParsedItem(
                        2,
                        "Statsbidrag",
                        decisions=[
                            ParsedDecision(
                                "beslut",
                                "",
                                "Nätverket ställer sig bakom förslaget.",
                                doubts=["kind_guessed"],
                            )
                        ],
                    ),
                    ParsedItem(3, "Övrigt", "Inget.", doubts=["number_guessed"]),
                ],
            )
        ],
        recorders=[ParsedRecorder("Cecilia Axelsson")],
        suggested_date=dt.date(2024, 3, 5),
        suggested_date_reason="Dagrubriken saknar år.",
        warnings=["Eva Klang saknar organisation i närvarolistan."],
        year_in_text=False,
        unplaced=["Nästa möte\nhålls i Lerum i maj."],
    )


@pytest.fixture
def network(db):
    """Socialchefsnätverket with GR and the 13 municipalities, as load_demo sets them up."""
    return LoadDemo().setup_network()


@pytest.fixture
def make_pending(network, editor):
    def make(parsed: ParsedMinutes | None = None, text: str = TEXT, **fields) -> PendingImport:
        parsed = parsed or parsed_minutes()
        pending = PendingImport(
            network=network,
            created_by=editor,
            filename=fields.pop("filename", "mote.txt"),
            source_text=text,
            sha256=text_sha256(text),
            date_source=fields.pop("date_source", PendingImport.DateSource.SUGGESTED),
            **fields,
        )
        pending.store(minutes_dict(parsed.to_dict()))
        return pending

    return make


@pytest.fixture
def pending(make_pending):
    return make_pending()


def review_url(pending) -> str:
    return reverse("importing:review", args=[pending.pk])


def form_data(response) -> dict:
    """What the review page's form posts when nothing is changed (every field as shown)."""
    forms = response.context["forms"]
    data = {}
    for part in forms.parts():
        subforms = [part]
        if hasattr(part, "management_form"):
            subforms = [part.management_form, *part.forms]
        for form in subforms:
            for field in form:
                value = field.value()
                if field.widget_type == "checkbox":
                    if value:
                        data[field.html_name] = "on"
                elif value is None:
                    continue
                elif isinstance(value, dt.date):
                    data[field.html_name] = value.isoformat()
                else:
                    data[field.html_name] = value
    return data
