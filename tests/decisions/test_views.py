"""/beslut/, /beslut/<slug>/ and /atgarder/: personas, the demo minutes, query-count guards."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from decisions.models import Action, Decision
from minutes.models import AgendaItem, Attendance, Matter, Meeting, MeetingDay
from network.models import Appointment, Network, Organisation, Person

DECISION = "/beslut/socialchefsnatverket-2024-11-08-4/"


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=io.StringIO())


@pytest.fixture
def network(db):
    return Network.objects.create(name="Socialchefsnätverket", slug="scn")


def make_decisions(network, n, *, status=Meeting.Status.PUBLISHED, start=dt.date(2020, 1, 6)):
    """n meetings a week apart, each with one item, one decision, an attendee and an action."""
    ale, _ = Organisation.objects.get_or_create(
        short_name="Ale", defaults={"name": "Ale kommun", "kind": Organisation.Kind.MUNICIPALITY}
    )
    person, _ = Person.objects.get_or_create(full_name="Anna Andersson")
    decisions = []
    for i in range(n):
        date = start + dt.timedelta(weeks=i)
        meeting = Meeting.objects.create(network=network, start_date=date, status=status)
        day = MeetingDay.objects.create(meeting=meeting, date=date)
        item = AgendaItem.objects.create(day=day, number=1, title=f"Punkt {i}")
        Attendance.objects.create(day=day, person=person, organisation=ale)
        decision = Decision.objects.create(item=item, text=f"Beslut nummer {i}.")
        Action.objects.create(item=item, decision=decision, text=f"Åtgärd {i}", due_date=date)
        decisions.append(decision)
    return decisions


# /beslut/ ---------------------------------------------------------------------------------


def test_decision_list_anonymous_is_sent_to_login(client, db):
    response = client.get("/beslut/?year=2024")

    assert response.status_code == 302
    assert response["Location"] == "/logga-in/?next=/beslut/%3Fyear%3D2024"


def test_decision_list_member_sees_published_only(member_client, network):
    published = make_decisions(network, 2)
    make_decisions(network, 1, status=Meeting.Status.DRAFT, start=dt.date(2021, 1, 4))

    response = member_client.get("/beslut/")

    assert list(response.context["decisions"]) == published[::-1]
    assert "Utkast" not in response.content.decode()


def test_decision_list_editor_sees_drafts_with_badge(editor_client, network):
    published = make_decisions(network, 1)
    draft = make_decisions(network, 1, status=Meeting.Status.DRAFT, start=dt.date(2021, 1, 4))

    response = editor_client.get("/beslut/")

    assert list(response.context["decisions"]) == draft + published
    assert response.content.decode().count('<span class="badge badge-draft">Utkast</span>') == 1


def test_decision_list_public_setting_shows_anonymous_published_only(client, network, settings):
    settings.REGISTRY_PUBLIC = True
    published = make_decisions(network, 1)
    make_decisions(network, 1, status=Meeting.Status.DRAFT, start=dt.date(2021, 1, 4))

    response = client.get("/beslut/")

    assert response.status_code == 200
    assert list(response.context["decisions"]) == published


def test_decision_list_demo_lists_seven_newest_first(member_client, demo):
    response = member_client.get("/beslut/")

    html = response.content.decode()
    assert "7 beslut" in html
    assert [d.slug for d in response.context["decisions"]] == [
        "socialchefsnatverket-2024-11-08-2",
        "socialchefsnatverket-2024-11-08-4",
        "socialchefsnatverket-2024-11-08-5",
        "socialchefsnatverket-2021-12-10-5",
        "socialchefsnatverket-2021-12-10-5b",
        "socialchefsnatverket-2021-12-10-6",
        "socialchefsnatverket-2020-12-15-3",
    ]
    assert "Socialchefsnätverket 2024-11-08 §4" in html
    assert '<time datetime="2024-11-08">8 november 2024</time>' in html
    assert '<span class="kind kind-stallningstagande">Ställningstagande</span>' in html


def test_decision_list_demo_chart_counts_per_year_and_kind(member_client, demo):
    response = member_client.get("/beslut/")

    assert response.context["chart"].description == (
        "2020: 1 (Beslut 1); 2021: 3 (Beslut 3); 2022: 0; 2023: 0; "
        "2024: 3 (Beslut 1, Ställningstagande 2)."
    )
    html = response.content.decode()
    assert 'id="beslut-per-ar-title"' in html
    # Coordinates in SVG need a decimal point, whatever the language of the page; each part of
    # a bar links to the list of that year and kind.
    assert (
        '<a href="/beslut/?year=2024&amp;kind=st%C3%A4llningstagande"'
        ' aria-label="2024, Ställningstagande: 2">'
        '<rect x="413.4" y="28.0" width="49.9" height="120.0" class="series-1">'
    ) in html


def test_decision_list_demo_text_filter_finds_nara_vard(member_client, demo):
    response = member_client.get("/beslut/", {"q": "Nära vård"})

    assert [d.reference for d in response.context["decisions"]] == [
        "Socialchefsnätverket 2021-12-10 §5",
        "Socialchefsnätverket 2021-12-10 §5b",
    ]
    assert 'href="/sok/?q=N%C3%A4ra%20v%C3%A5rd"' in response.content.decode()


def test_decision_list_demo_person_filter_uses_presence(member_client, demo):
    ebba = Person.objects.get(full_name="Ebba Gierow")
    jessica = Person.objects.get(full_name="Jessica Svanström")

    ebba_response = member_client.get("/beslut/", {"person": ebba.pk})
    jessica_response = member_client.get("/beslut/", {"person": jessica.pk})

    assert len(ebba_response.context["decisions"]) == 7
    assert [d.reference for d in jessica_response.context["decisions"]] == [
        "Socialchefsnätverket 2024-11-08 §2",
        "Socialchefsnätverket 2024-11-08 §4",
        "Socialchefsnätverket 2024-11-08 §5",
    ]


def test_decision_list_paginates_twenty_a_page_keeping_filters(member_client, network):
    make_decisions(network, 21)

    first = member_client.get("/beslut/", {"kind": "beslut"})
    second = member_client.get("/beslut/", {"kind": "beslut", "page": "2"})

    assert len(first.context["decisions"]) == 20
    assert len(second.context["decisions"]) == 1
    html = first.content.decode()
    assert "21 beslut" in html
    assert 'href="?kind=beslut&amp;page=2" rel="next"' in html
    assert 'aria-current="page">1</a>' in html


def test_decision_list_page_beyond_last_shows_last_page(member_client, network):
    decisions = make_decisions(network, 21)

    response = member_client.get("/beslut/", {"page": "999"})

    assert response.status_code == 200
    assert response.context["page"].number == 2
    assert list(response.context["decisions"]) == [decisions[0]]


@pytest.mark.parametrize("n", [1, 5])
@pytest.mark.parametrize("persona", ["member_client", "editor_client"])
def test_decision_list_query_count_is_bounded(
    request, network, django_assert_max_num_queries, n, persona
):
    client = request.getfixturevalue(persona)
    make_decisions(network, n)
    Matter.objects.create(network=network, title="Ett ärende")

    # session, user, 2 permission queries (visible_to asks has_perm), years, network choice
    # validated, count, chart aggregate, the form's choices (network, matter, municipality,
    # person), the page of decisions, the member's private feed address (autodiscovery links),
    # the registry's generation (minutes/caching.py).
    with django_assert_max_num_queries(15):
        response = client.get("/beslut/", {"network": "scn", "municipality": "", "q": "Beslut"})

    assert len(response.context["decisions"]) == n


# /beslut/<slug>/ --------------------------------------------------------------------------


def test_decision_detail_anonymous_is_sent_to_login(client, demo):
    response = client.get(DECISION)

    assert response.status_code == 302
    assert response["Location"] == f"/logga-in/?next={DECISION}"


def test_decision_detail_demo_lists_the_seven_present(member_client, demo):
    response = member_client.get(DECISION)

    assert response.status_code == 200
    groups = response.context["present_groups"]
    assert [(label, [a.person.full_name for a in people]) for label, people in groups] == [
        (
            "Nätverket",
            [
                "Ebba Gierow",
                "Monica Bondesson",
                "Malin Johansson",
                "Ivan Stipic",
                "Marie Blomqvist",
                "Erika Hägg",
                "Jessica Svanström",
            ],
        )
    ]


def test_decision_detail_demo_municipalities_represented_and_not(member_client, demo):
    response = member_client.get(DECISION)

    assert [m.short_name for m in response.context["represented"]] == [
        "Ale",
        "Göteborg",
        "Härryda",
        "Kungsbacka",
        "Lerum",
        "Partille",
    ]
    assert [m.short_name for m in response.context["not_represented"]] == [
        "Alingsås",
        "Kungälv",
        "Lilla Edet",
        "Mölndal",
        "Stenungsund",
        "Tjörn",
        "Öckerö",
    ]
    assert "Representerade: 6 av 13 kommuner" in response.content.decode()


def test_decision_detail_demo_is_citable_and_links_the_item(member_client, demo):
    meeting = Meeting.objects.get(start_date=dt.date(2024, 11, 7))

    response = member_client.get(DECISION)

    html = response.content.decode()
    assert "<h1>Hälsa- och sjukvårdsavtalet och primärvårdsuppdraget</h1>" in html
    assert (
        "<cite>Socialchefsnätverket 2024-11-08 §4</cite>, "
        f'<span class="cite-url">http://testserver{DECISION}</span>'
    ) in html
    assert f'href="/moten/{meeting.pk}/#punkt-2024-11-08-4"' in html
    assert "Maria Ljung ger aktuell information" in html


def test_decision_detail_demo_shows_the_appointment(member_client, demo):
    response = member_client.get(DECISION)

    assert [str(a) for a in response.context["appointments"]] == [
        "Ebba Gierow: representant i styrgrupp tjänstepersoner kommunerna"
    ]


def test_decision_detail_demo_links_the_other_decision_under_the_item(member_client, demo):
    response = member_client.get("/beslut/socialchefsnatverket-2021-12-10-5/")

    assert [d.reference for d in response.context["siblings"]] == [
        "Socialchefsnätverket 2021-12-10 §5b"
    ]


def test_decision_detail_shows_the_discussion_as_paragraphs_and_lists(member_client, network):
    decision = make_decisions(network, 1)[0]
    item = decision.item
    item.body = "Diskussion om <b>läget</b>.\nAndra raden.\n\n- Ale börjar\n- Lerum följer"
    item.save()

    response = member_client.get(decision.get_absolute_url())

    page = response.content.decode()
    assert (
        '<div class="item-body"><p>Diskussion om &lt;b&gt;läget&lt;/b&gt;.<br>\nAndra raden.</p>\n'
        "<ul>\n<li>Ale börjar</li>\n<li>Lerum följer</li>\n</ul></div>"
    ) in page


def test_decision_detail_discussion_leaves_out_the_wording_shown_above(member_client, demo):
    response = member_client.get(DECISION)

    discussion = [block.html for block in response.context["discussion"]]
    assert discussion == [
        "<p>Maria Ljung ger aktuell information om hälso- och sjukvårdsavtalet och "
        "primärvårdsuppdraget. Gårdagens punkt kring organisering av framtagande av hälso- "
        "och sjukvårdsavtalet följs upp.</p>"
    ]


def test_decision_detail_without_discussion_has_no_heading(member_client, network):
    decision = make_decisions(network, 1)[0]

    response = member_client.get(decision.get_absolute_url())

    assert "Ur anteckningarna" not in response.content.decode()


def test_decision_detail_leaves_out_people_not_there_for_the_item(member_client, network):
    (decision,) = make_decisions(network, 1)
    day = decision.item.day
    later = AgendaItem.objects.create(day=day, number=4, title="Senare punkt")
    partial = Attendance.objects.create(
        day=day,
        person=Person.objects.create(full_name="Punkt Fyra"),
        presence=Attendance.Presence.PARTIAL,
        note="punkt 4-8",
    )
    partial.items.set([later])
    Attendance.objects.create(
        day=day,
        person=Person.objects.create(full_name="Gäst Gästsson"),
        group=Attendance.Group.GUEST,
        organisation_as_written="VGR",
    )
    Attendance.objects.create(
        day=day,
        person=Person.objects.create(full_name="Borta Bortasson"),
        presence=Attendance.Presence.ABSENT,
    )

    response = member_client.get(decision.get_absolute_url())

    groups = response.context["present_groups"]
    assert [(label, [a.person.full_name for a in people]) for label, people in groups] == [
        ("Nätverket", ["Anna Andersson"]),
        ("Gäster", ["Gäst Gästsson"]),
    ]
    assert "Gäst Gästsson</a>, VGR" in response.content.decode()


def test_decision_detail_draft_is_404_for_member(member_client, network):
    (draft,) = make_decisions(network, 1, status=Meeting.Status.DRAFT)

    response = member_client.get(draft.get_absolute_url())

    assert response.status_code == 404


def test_decision_detail_draft_is_404_for_public_anonymous(client, network, settings):
    settings.REGISTRY_PUBLIC = True
    (draft,) = make_decisions(network, 1, status=Meeting.Status.DRAFT)

    response = client.get(draft.get_absolute_url())

    assert response.status_code == 404


def test_decision_detail_public_setting_shows_anonymous_published(client, network, settings):
    settings.REGISTRY_PUBLIC = True
    (decision,) = make_decisions(network, 1)

    response = client.get(decision.get_absolute_url())

    assert response.status_code == 200
    assert response.context["decision"] == decision


def test_decision_detail_draft_visible_to_editor_with_badge(editor_client, network):
    (draft,) = make_decisions(network, 1, status=Meeting.Status.DRAFT)

    response = editor_client.get(draft.get_absolute_url())

    assert response.status_code == 200
    assert '<span class="badge badge-draft">Utkast</span>' in response.content.decode()


def test_decision_detail_unknown_slug_is_404(member_client, db):
    response = member_client.get("/beslut/finns-inte/")

    assert response.status_code == 404


def test_decision_detail_shows_earlier_and_later_on_the_matter(member_client, network):
    first, middle, last = make_decisions(network, 3)
    matter = Matter.objects.create(network=network, title="Registerstudien")
    AgendaItem.objects.filter(decisions__in=[first, middle, last]).update(matter=matter)

    response = member_client.get(middle.get_absolute_url())

    assert response.context["earlier"] == [first]
    assert response.context["later"] == [last]
    assert "Tidigare i ärendet Registerstudien" in response.content.decode()


def linked_decisions(network):
    """A decision following up and replacing an older one, followed up by a newer one and by a
    draft that also replaces it."""
    old, decision, newer = make_decisions(network, 3)
    (draft,) = make_decisions(network, 1, status=Meeting.Status.DRAFT, start=dt.date(2021, 1, 4))
    decision.follows_up.add(old)
    decision.followed_up_by.add(newer, draft)
    decision.replaces = old
    decision.save()
    draft.replaces = decision
    draft.save()
    return old, decision, newer, draft


def test_decision_detail_follow_ups_and_replacements_hide_drafts_from_member(
    member_client, network
):
    old, decision, newer, _draft = linked_decisions(network)

    context = member_client.get(decision.get_absolute_url()).context

    assert list(context["decision"].follows_up.all()) == [old]
    assert list(context["decision"].followed_up_by.all()) == [newer]
    assert context["replaces"] == old
    assert list(context["decision"].replaced_by.all()) == []


def test_decision_detail_follow_ups_and_replacements_show_drafts_to_editor(editor_client, network):
    old, decision, newer, draft = linked_decisions(network)

    response = editor_client.get(decision.get_absolute_url())

    context = response.context
    assert list(context["decision"].follows_up.all()) == [old]
    assert list(context["decision"].followed_up_by.all()) == [draft, newer]
    assert context["replaces"] == old
    assert list(context["decision"].replaced_by.all()) == [draft]
    assert "Det här beslutet har ersatts av" in response.content.decode()


def test_decision_detail_replaced_draft_not_shown_as_replacement_to_member(member_client, network):
    (decision,) = make_decisions(network, 1)
    (draft,) = make_decisions(network, 1, status=Meeting.Status.DRAFT, start=dt.date(2021, 1, 4))
    decision.replaces = draft
    decision.save()

    response = member_client.get(decision.get_absolute_url())

    assert response.context["replaces"] is None
    assert draft.reference not in response.content.decode()


def test_decision_detail_lists_its_actions_and_the_items_marking_not_followed_up(
    member_client, network
):
    (decision,) = make_decisions(network, 1)  # its action was due in 2020: not followed up
    item = decision.item
    from_item = Action.objects.create(item=item, text="Bilderna skickas ut.")
    later = Action.objects.create(
        item=item, text="Rapporten skickas.", due_date=dt.date.today() + dt.timedelta(days=30)
    )
    second = Decision.objects.create(item=item, position=2, text="Ett andra beslut.")
    Action.objects.create(item=item, decision=second, text="Hör till det andra beslutet.")

    response = member_client.get(decision.get_absolute_url())

    actions = response.context["actions"]
    # from_item: no due date, recorded in 2020, over a year ago
    assert [(a.text, a.not_followed_up) for a in actions] == [
        ("Åtgärd 0", True),
        (later.text, False),
        (from_item.text, True),
    ]
    assert response.content.decode().count("Ej följd upp") == 2


@pytest.mark.parametrize("n", [1, 5])
@pytest.mark.parametrize("persona", ["member_client", "editor_client"])
def test_decision_detail_query_count_is_bounded(
    request, network, django_assert_max_num_queries, n, persona
):
    client = request.getfixturevalue(persona)
    decisions = make_decisions(network, n + 1)
    decision = decisions[-1]
    matter = Matter.objects.create(network=network, title="Ärendet")
    AgendaItem.objects.filter(decisions__in=decisions).update(matter=matter)
    decision.follows_up.set(decisions[:-1])
    decision.replaces = decisions[0]
    decision.save()
    day = decision.item.day
    for i in range(n):
        person = Person.objects.create(full_name=f"Person {i}")
        Attendance.objects.create(day=day, person=person, group=Attendance.Group.GUEST)
        Action.objects.create(
            item=decision.item, text=f"Från punkten {i}", responsible_person=person
        )
        Appointment.objects.create(
            person=person, network=network, body="styrgrupp", start_date=day.date, decision=decision
        )

    # session, user, 2 permission queries, the decision, then prefetched: replaces, follows_up,
    # followed_up_by, replaced_by, item decisions, decision actions, item actions, appointments;
    # then present, municipalities, same matter.
    with django_assert_max_num_queries(16):
        response = client.get(decision.get_absolute_url())

    assert len(response.context["earlier"]) == n
    assert len(response.context["actions"]) == n + 1


# /atgarder/ --------------------------------------------------------------------------------


def test_action_list_anonymous_is_sent_to_login(client, db):
    response = client.get("/atgarder/")

    assert response.status_code == 302
    assert response["Location"] == "/logga-in/?next=/atgarder/"


def test_action_list_member_sees_published_only(member_client, network):
    make_decisions(network, 1)
    make_decisions(network, 1, status=Meeting.Status.DRAFT, start=dt.date(2021, 1, 4))

    response = member_client.get("/atgarder/")

    assert [a.text for a in response.context["actions"]] == ["Åtgärd 0"]


def test_action_list_editor_sees_drafts_with_badge(editor_client, network):
    make_decisions(network, 1)
    make_decisions(network, 1, status=Meeting.Status.DRAFT, start=dt.date(2021, 1, 4))

    response = editor_client.get("/atgarder/")

    assert [a.text for a in response.context["actions"]] == ["Åtgärd 0", "Åtgärd 0"]
    assert response.content.decode().count('<span class="badge badge-draft">Utkast</span>') == 1


def test_action_list_public_setting_shows_anonymous_published_only(client, network, settings):
    settings.REGISTRY_PUBLIC = True
    make_decisions(network, 1)
    make_decisions(network, 1, status=Meeting.Status.DRAFT, start=dt.date(2021, 1, 4))

    response = client.get("/atgarder/")

    assert response.status_code == 200
    assert [a.text for a in response.context["actions"]] == ["Åtgärd 0"]


def test_action_list_row_shows_responsible_due_status_and_links(member_client, network):
    (decision,) = make_decisions(network, 1)
    action = decision.actions.get()
    action.responsible_as_written = "Mio S"
    action.due_text = "till nästa möte"
    action.save()

    response = member_client.get("/atgarder/")

    html = response.content.decode()
    assert "<dd>Mio S</dd>" in html
    assert '<time datetime="2020-01-06">6 januari 2020</time>' in html
    assert '<span class="status status-overdue">Ej följd upp</span>' in html
    item_link = f'href="{decision.item.get_absolute_url()}">Socialchefsnätverket 2020-01-06 §1</a>'
    assert item_link in html
    assert f'href="{decision.get_absolute_url()}">{decision.reference}</a>' in html


def test_action_list_demo_counts_open_actions(member_client, demo):
    response = member_client.get("/atgarder/")

    html = response.content.decode()
    assert "12 åtgärder" in html
    # "Svar senast 26/1" (2021-01-26) is the only one with a date: overdue, so first.
    assert response.context["actions"][0].text.startswith("Svar senast 26/1")
    # All twelve are open, the newest from 2024-11-08: more than a year old (issue 11: they
    # said "Pågår"), so none has been followed up.
    assert html.count('<span class="status status-overdue">Ej följd upp</span>') == 12
    assert 'status-open">Pågår' not in html


def test_action_list_paginates(member_client, network):
    make_decisions(network, 21)

    response = member_client.get("/atgarder/", {"page": "2"})

    assert len(response.context["actions"]) == 1
    assert "21 åtgärder" in response.content.decode()


@pytest.mark.parametrize("n", [1, 5])
@pytest.mark.parametrize("persona", ["member_client", "editor_client"])
def test_action_list_query_count_is_bounded(
    request, network, django_assert_max_num_queries, n, persona
):
    client = request.getfixturevalue(persona)
    decisions = make_decisions(network, n)
    lerum = Organisation.objects.create(
        name="Lerums kommun", short_name="Lerum", kind=Organisation.Kind.MUNICIPALITY
    )
    for i, decision in enumerate(decisions):
        Action.objects.create(
            item=decision.item,
            text=f"Utan beslut {i}",
            responsible_organisation=lerum,
            responsible_person=Person.objects.create(full_name=f"Ansvarig {i}"),
            due_date=timezone.localdate(),
        )

    # session, user, 2 permission queries, count, the form's choices (person, organisation,
    # network), the page of actions.
    with django_assert_max_num_queries(9):
        response = client.get("/atgarder/", {"status": "open"})

    assert len(response.context["actions"]) == 2 * n


def test_decision_list_chart_links_keep_the_other_filters_and_legend_shows_kinds_with_data(
    member_client, demo
):
    response = member_client.get("/beslut/", {"network": "socialchefsnatverket", "page": "1"})

    chart = response.context["chart"]
    assert [s.url for s in chart.bars[-1].segments] == [
        "/beslut/?network=socialchefsnatverket&year=2024&kind=beslut",
        "/beslut/?network=socialchefsnatverket&year=2024&kind=st%C3%A4llningstagande",
        "",  # no Inriktningsbeslut in 2024: no link
    ]
    html = response.content.decode()
    legend = html[html.index('<figcaption class="legend">') : html.index("</figcaption>")]
    assert "Beslut" in legend
    assert "Ställningstagande" in legend
    assert "Inriktningsbeslut" not in legend  # none in the demo
    assert [t.label for t in chart.ticks] == ["0", "1", "2", "3"]
    assert "Antal beslut</text>" in html


def test_decision_list_chart_comes_after_the_list_and_filters_fold(member_client, demo):
    html = member_client.get("/beslut/").content.decode()

    assert html.index('class="decision-rows"') < html.index('class="decision-chart"')
    assert '<details class="filter-more">' in html  # folded: no filter in use
    # Filters in use leave it folded, saying how many; an error opens it.
    by_year = member_client.get("/beslut/", {"year": "2024"}).content.decode()
    assert '<details class="filter-more">\n    <summary>Filtrera (1 vald)</summary>' in by_year
    wrong = member_client.get("/beslut/", {"year": "abc"}).content.decode()
    assert '<details class="filter-more" open>' in wrong
    # The chart's data as a table too, each number a link.
    assert '<td class="numeric"><a href="/beslut/?year=2021&amp;kind=beslut">3</a></td>' in html
