"""python manage.py generate_synthetic --decisions N [--seed 1]: realistic data at scale.

Four GR networks, the 13 municipalities, a few hundred people with memberships, meetings of 6–10
items (about one decision per two items), attendance, decisions of every kind and follow-up
actions, in Swedish built from phrase lists. Rows are written with bulk_create in batches, so
Decision.save() does not run: reference and slug are set here, in its format.

Adds to what is there: meeting dates already used by a network are skipped, so references stay
unique and the command can be run again.
"""

import datetime as dt
import random
import time
from itertools import islice

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.text import slugify

from decisions.models import Action, Decision
from minutes import caching
from minutes.management.commands.load_demo import MUNICIPALITIES, REGIONAL_BODY
from minutes.management.commands.load_demo import Command as LoadDemo
from minutes.models import AgendaItem, Attendance, Matter, Meeting, MeetingDay
from network.models import Membership, Network, Organisation, Person

NETWORKS = [
    ("socialchefsnatverket", "Socialchefsnätverket", "Nätverk för kommunernas socialchefer."),
    ("ifo-chefer", "IFO-chefer", "Nätverk för chefer inom individ- och familjeomsorgen."),
    ("fh-chefer", "FH-chefer", "Nätverk för chefer inom funktionshinderområdet."),
    (
        "arbetsmarknadschefer",
        "Arbetsmarknadschefer",
        "Nätverk för kommunernas arbetsmarknadschefer.",
    ),
]

FIRST_NAMES = [
    "Anna",
    "Eva",
    "Maria",
    "Karin",
    "Sara",
    "Lena",
    "Kristina",
    "Helena",
    "Emma",
    "Johanna",
    "Malin",
    "Cecilia",
    "Ulrika",
    "Camilla",
    "Annika",
    "Therese",
    "Louise",
    "Sofia",
    "Monica",
    "Christina",
    "Lars",
    "Anders",
    "Johan",
    "Per",
    "Mikael",
    "Erik",
    "Peter",
    "Magnus",
    "Fredrik",
    "Jonas",
    "Daniel",
    "Mattias",
    "Henrik",
    "Stefan",
    "Thomas",
    "Niklas",
    "Patrik",
    "Richard",
    "Gustav",
    "Ola",
    "Björn",
    "Åsa",
    "Ingrid",
    "Birgitta",
    "Jenny",
    "Linda",
    "Marie",
    "Pernilla",
    "Elin",
    "Amir",
    "Fatima",
    "Ali",
    "Leila",
    "Hassan",
    "Nadia",
]
LAST_NAMES = [
    "Andersson",
    "Johansson",
    "Karlsson",
    "Nilsson",
    "Eriksson",
    "Larsson",
    "Olsson",
    "Persson",
    "Svensson",
    "Gustafsson",
    "Pettersson",
    "Jonsson",
    "Jansson",
    "Hansson",
    "Bengtsson",
    "Jönsson",
    "Lindberg",
    "Jakobsson",
    "Magnusson",
    "Lindström",
    "Olofsson",
    "Lindqvist",
    "Lindgren",
    "Berg",
    "Axelsson",
    "Bergström",
    "Lundberg",
    "Lind",
    "Lundgren",
    "Mattsson",
    "Berglund",
    "Fredriksson",
    "Sandberg",
    "Henriksson",
    "Forsberg",
    "Sjöberg",
    "Wallin",
    "Engström",
    "Danielsson",
    "Håkansson",
    "Holmlund",
    "Bondesson",
    "Alvelin",
    "Ljunggren",
    "Ekström",
    "Nyström",
    "Sundberg",
    "Hedlund",
    "Åberg",
    "Öberg",
]
TITLES = [
    "socialchef",
    "förvaltningschef",
    "sektorchef",
    "verksamhetschef",
    "IFO-chef",
    "avdelningschef",
    "arbetsmarknadschef",
    "chef för funktionsstöd",
]
STAFF_TITLES = ["planeringsledare", "processledare", "FoU-ledare", "utvecklingsledare"]

# (short name for titles and labels, the phrase used inside sentences)
TOPICS = [
    ("Nära vård", "omställningen till Nära vård"),
    ("Ny socialtjänstlag", "den nya socialtjänstlagen"),
    ("Socialtjänstlagen", "förslagen i utredningen om en ny socialtjänstlag"),
    ("Hemlöshet", "arbetet mot hemlöshet och bostadslöshet"),
    ("Barn och unga", "insatser för barn och unga"),
    ("Missbruk och beroende", "missbruks- och beroendevården"),
    ("Ekonomiskt bistånd", "handläggningen av ekonomiskt bistånd"),
    ("Digitalisering", "digitaliseringen av socialtjänsten"),
    ("Kompetensförsörjning", "kompetensförsörjningen inom socialtjänsten"),
    ("Våld i nära relationer", "arbetet mot våld i nära relationer"),
    ("Samsjuklighet", "samsjuklighetsutredningens förslag"),
    ("Statliga medel", "fördelningen av statliga medel"),
    ("Arbetsmarknad", "insatser för personer långt från arbetsmarknaden"),
    ("Psykisk hälsa", "arbetet med psykisk hälsa och suicidprevention"),
    ("Kunskapsstyrning", "kunskapsstyrningen och evidensbaserad praktik"),
    ("Placeringar", "placeringar av barn och unga i familjehem och HVB"),
    ("Brottsförebyggande arbete", "det brottsförebyggande arbetet och avhopparverksamheten"),
    ("Föräldraskapsstöd", "det regionala föräldraskapsstödet"),
    ("Funktionshinder", "stödet till personer med funktionsnedsättning enligt LSS"),
    ("Heltidsresan", "heltidsresan och arbetsmiljön för socialsekreterare"),
    ("Utförarregister", "det gemensamma utförarregistret"),
    ("Hälso- och sjukvårdsavtal", "det nya hälso- och sjukvårdsavtalet med regionen"),
]
TITLE_FORMS = [
    "{topic}",
    "{topic} – lägesrapport",
    "{topic}: dialog i nätverket",
    "Information om {phrase}",
    "Uppföljning av {phrase}",
    "Yttrande över {phrase}",
    "Remiss gällande {phrase}",
    "{topic} – förslag till gemensam inriktning",
]
BODY_SENTENCES = [
    "{person} informerar om {phrase}.",
    "Nätverket diskuterar {phrase} och behovet av samverkan mellan kommunerna.",
    "{municipality} delar sina erfarenheter av {phrase}.",
    "Flera kommuner beskriver ökade kostnader och en ansträngd bemanning.",
    "Frågan behöver ses i ljuset av den nya socialtjänstlagen och det förebyggande perspektivet.",
    "GR återkommer med ett förslag till nästa möte.",
    "Presentationen skickas ut till nätverkets medlemmar efter mötet.",
    "En arbetsgrupp med representanter från {municipality} och {other} tar fram ett underlag.",
    "Dialogen visar att {phrase} är en prioriterad fråga för {year}.",
    "Socialcheferna lyfter vikten av att barnrättsperspektivet beaktas.",
    "Samverkan med Västra Götalandsregionen inom ramen för Nära vård behöver stärkas.",
    "Det finns ett stort behov av kompetensutveckling och gemensamma utbildningsinsatser.",
    "FoU i Väst presenterar resultat från den senaste uppföljningen.",
    "Nätverket konstaterar att digitaliseringen kan frigöra tid för mötet med brukaren.",
    "Ekonomiskt bistånd och arbetsmarknadsinsatser behöver samordnas bättre.",
    "Hemlösheten ökar i flera kommuner och fler barnfamiljer berörs.",
]
DECISION_FORMS = {
    Decision.Kind.BESLUT: [
        "Nätverket beslutar att ge GR i uppdrag att ta fram ett underlag om {phrase}.",
        "Nätverket beslutar att avsätta medel för {phrase} under {year}.",
        "Nätverket beslutar att godkänna handlingsplanen för {phrase}.",
        "Nätverket beslutar att utse en arbetsgrupp för {phrase} med representanter från "
        "{municipality} och {other}.",
        "Nätverket beslutar att lämna ett gemensamt yttrande över {phrase}.",
        "Medel avsätts enligt samma fördelning som tidigare år för {phrase}.",
    ],
    Decision.Kind.STALLNINGSTAGANDE: [
        "Nätverket ställer sig bakom {phrase} och ser positivt på fortsatt samverkan.",
        "Socialcheferna ställer sig bakom förslaget om {phrase}.",
        "Nätverket står bakom den gemensamma skrivelsen om {phrase}.",
    ],
    Decision.Kind.INRIKTNINGSBESLUT: [
        "Nätverket ger inriktningen att {phrase} ska prioriteras under {year}.",
        "Inriktningen är att kommunerna gemensamt driver {phrase} vidare.",
    ],
}
KIND_WEIGHTS = [
    (Decision.Kind.BESLUT, 70),
    (Decision.Kind.STALLNINGSTAGANDE, 20),
    (Decision.Kind.INRIKTNINGSBESLUT, 10),
]
ACTION_FORMS = [
    "GR återkommer med ett förslag om {phrase}.",
    "Underlaget om {phrase} skickas ut till nätverket.",
    "{municipality} återkommer med erfarenheter av {phrase}.",
    "Arbetsgruppen redovisar {phrase} vid nästa möte.",
]
LOCATIONS = ["GR, Anders Personsgatan 8, Göteborg", "Digitalt via Teams", "Mölndals stadshus"]
PLAIN_TITLES = ["Mötet öppnas", "Föregående anteckningar", "Övriga frågor", "Nästa möte"]

BATCH = 2000
MEETINGS_PER_CHUNK = 500
LAST_DAY = dt.date(2025, 6, 13)


def batched(iterable, size):
    iterator = iter(iterable)
    while chunk := list(islice(iterator, size)):
        yield chunk


class Command(BaseCommand):
    help = "Skapar syntetiska nätverk, personer, möten, punkter och exakt N beslut."

    def add_arguments(self, parser):
        parser.add_argument("--decisions", type=int, required=True, help="Antal beslut att skapa.")
        parser.add_argument("--seed", type=int, default=1, help="Slumpfrö (samma frö, samma data).")

    def handle(self, *args, decisions, seed, **options):
        started = time.perf_counter()
        self.random = random.Random(seed)
        networks, municipalities, gr = self.setup_networks()
        members = self.setup_people(networks, municipalities, gr)
        matters = self.setup_matters(networks)
        created = self.create_meetings(decisions, networks, members, matters, municipalities)
        caching.registry_changed()  # bulk_create sends no signals (minutes/caching.py)
        seconds = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Skapade {created['meetings']} möten, {created['items']} punkter, "
                f"{created['decisions']} beslut, {created['actions']} åtgärder och "
                f"{created['attendances']} närvarorader på {seconds:.1f} s."
            )
        )

    # -- The roster --------------------------------------------------------------------------

    @transaction.atomic
    def setup_networks(self):
        name, short, aliases = REGIONAL_BODY
        gr = LoadDemo.organisation(name, short, aliases, Organisation.Kind.REGIONAL_BODY)
        municipalities = [
            LoadDemo.organisation(name, short, aliases, Organisation.Kind.MUNICIPALITY)
            for name, short, aliases in MUNICIPALITIES
        ]
        networks = []
        for slug, name, description in NETWORKS:
            network, _ = Network.objects.get_or_create(
                slug=slug, defaults={"name": name, "organisation": gr, "description": description}
            )
            networks.append(network)
        return networks, municipalities, gr

    @transaction.atomic
    def setup_people(self, networks, municipalities, gr):
        """Per network: three people per municipality over the years, four GR staff, guests.
        Returns, per network, the (person, organisation, role) who attend its meetings."""
        rng = self.random
        names = [f"{first} {last}" for first in FIRST_NAMES for last in LAST_NAMES]
        rng.shuffle(names)
        names = iter(names)
        people, memberships, members = [], [], {}
        for network in networks:
            roster = []
            for municipality in municipalities:
                for generation in range(3):
                    person = Person(full_name=next(names), title=rng.choice(TITLES))
                    start = dt.date(2012 + 4 * generation, 1 + rng.randrange(12), 1)
                    end = None if generation == 2 else start + dt.timedelta(days=4 * 365 - 1)
                    role = Membership.Role.MEMBER
                    people.append(person)
                    memberships.append(
                        Membership(
                            person=person,
                            network=network,
                            organisation=municipality,
                            role=role,
                            start_date=start,
                            end_date=end,
                        )
                    )
                    roster.append((person, municipality, Attendance.Group.NETWORK))
            for title in STAFF_TITLES:
                person = Person(full_name=next(names), title=title)
                people.append(person)
                memberships.append(
                    Membership(
                        person=person,
                        network=network,
                        organisation=gr,
                        role=Membership.Role.STAFF,
                        start_date=dt.date(2012, 1, 1),
                    )
                )
                roster.append((person, gr, Attendance.Group.REGIONAL))
            for _ in range(25):
                person = Person(full_name=next(names), title="gäst")
                people.append(person)
                roster.append((person, None, Attendance.Group.GUEST))
            members[network.pk] = roster
        Person.objects.bulk_create(people, batch_size=BATCH)
        Membership.objects.bulk_create(memberships, batch_size=BATCH)
        return members

    @transaction.atomic
    def setup_matters(self, networks):
        matters = {}
        for network in networks:
            wanted = [
                Matter(network=network, title=topic, description=f"Nätverkets arbete med {phrase}.")
                for topic, phrase in TOPICS
            ]
            Matter.objects.bulk_create(wanted, ignore_conflicts=True)
            matters[network.pk] = {m.title: m for m in Matter.objects.filter(network=network)}
        return matters

    # -- Meetings ----------------------------------------------------------------------------

    def meeting_dates(self, network, count):
        """count weekdays for network, going back from LAST_DAY, skipping dates in use."""
        days = MeetingDay.objects.filter(meeting__network=network)
        used = set(days.values_list("date", flat=True))
        used |= set(Meeting.objects.filter(network=network).values_list("start_date", flat=True))
        spacing = max(1, min(28, 9000 // max(count, 1)))
        date = LAST_DAY
        while count:
            if date.weekday() < 5 and date not in used:
                yield date
                count -= 1
            date -= dt.timedelta(days=spacing if date.weekday() < 5 else 1)

    def create_meetings(self, wanted, networks, members, matters, municipalities):
        rng = self.random
        # About 8 items and 4 decisions per meeting; a margin, the loop stops at exactly `wanted`.
        per_network = wanted // (4 * len(networks)) + 10
        schedule = []
        for network in networks:
            schedule.extend((date, network) for date in self.meeting_dates(network, per_network))
        schedule.sort(key=lambda pair: (pair[0], pair[1].pk), reverse=True)
        totals = dict(meetings=0, items=0, decisions=0, actions=0, attendances=0)
        remaining = wanted
        for chunk in batched(schedule, MEETINGS_PER_CHUNK):
            if remaining <= 0:
                break
            made = self.create_chunk(chunk, remaining, members, matters, municipalities, rng)
            remaining -= made["decisions"]
            for key, value in made.items():
                totals[key] += value
            self.stdout.write(f"  {totals['decisions']} av {wanted} beslut …")
        if remaining > 0:
            self.stderr.write(f"Datumen tog slut: {remaining} beslut saknas.")
        return totals

    @transaction.atomic
    def create_chunk(self, chunk, remaining, members, matters, municipalities, rng):
        meetings, days, items, decisions, actions, attendances = [], [], [], [], [], []
        item_matter = []
        for date, network in chunk:
            if remaining - len(decisions) <= 0:
                break
            topic, phrase = rng.choice(TOPICS)
            meeting = Meeting(
                network=network,
                start_date=date,
                title="Anteckningar",
                theme=rng.choice(["", "", f"{topic} i fokus", f"Nätverksträff om {phrase}"]),
                location=rng.choice(LOCATIONS),
                status=Meeting.Status.DRAFT if rng.random() < 0.05 else Meeting.Status.PUBLISHED,
            )
            meetings.append(meeting)
            day = MeetingDay(meeting=meeting, date=date)
            days.append(day)
            roster = members[network.pk]
            present = rng.sample(roster[:-25], k=min(len(roster) - 25, rng.randint(8, 14)))
            present += rng.sample(roster[-25:], k=rng.randint(0, 2))
            for position, (person, organisation, group) in enumerate(present):
                presence = rng.choices(
                    [
                        Attendance.Presence.PRESENT,
                        Attendance.Presence.PARTIAL,
                        Attendance.Presence.ABSENT,
                    ],
                    weights=[85, 8, 7],
                )[0]
                attendances.append(
                    Attendance(
                        day=day,
                        person=person,
                        organisation=organisation,
                        organisation_as_written=organisation.short_name if organisation else "",
                        group=group,
                        presence=presence,
                        note="del av mötet" if presence == Attendance.Presence.PARTIAL else "",
                        remote=rng.random() < 0.2,
                        position=position,
                    )
                )
            count = rng.randint(6, 10)
            for number in range(1, count + 1):
                item, has_decision = self.make_item(day, number, count, roster, municipalities, rng)
                items.append(item)
                topic_title = item._topic[0]
                if rng.random() < 0.3:
                    item_matter.append((item, matters[network.pk].get(topic_title)))
                if not has_decision:
                    continue
                for position in (1, 2) if rng.random() < 0.1 else (1,):
                    if len(decisions) >= remaining:
                        break
                    decision = self.make_decision(item, position, municipalities, rng)
                    decisions.append(decision)
                    if rng.random() < 0.3:
                        actions.append(self.make_action(item, decision, roster, rng))
        for item, matter in item_matter:
            item.matter = matter
        Meeting.objects.bulk_create(meetings, batch_size=BATCH)
        MeetingDay.objects.bulk_create(days, batch_size=BATCH)
        AgendaItem.objects.bulk_create(items, batch_size=BATCH)
        Decision.objects.bulk_create(decisions, batch_size=BATCH)
        Action.objects.bulk_create(actions, batch_size=BATCH)
        Attendance.objects.bulk_create(attendances, batch_size=BATCH)
        recorders = Meeting.recorders.through
        recorders.objects.bulk_create(
            [
                recorders(meeting_id=meeting.pk, person_id=members[meeting.network_id][-26][0].pk)
                for meeting in meetings
            ],
            batch_size=BATCH,
        )
        return dict(
            meetings=len(meetings),
            items=len(items),
            decisions=len(decisions),
            actions=len(actions),
            attendances=len(attendances),
        )

    def fill(self, form, phrase, municipalities, rng, roster=None, year=None):
        municipality, other = rng.sample(municipalities, 2)
        person = rng.choice(roster)[0].full_name if roster else "GR"
        return form.format(
            phrase=phrase,
            municipality=municipality.short_name,
            other=other.short_name,
            person=person,
            year=year or 2025,
        )

    def make_item(self, day, number, count, roster, municipalities, rng):
        topic, phrase = rng.choice(TOPICS)
        if number == 1 or number == count:
            title = PLAIN_TITLES[0] if number == 1 else rng.choice(PLAIN_TITLES[2:])
            body = "Ordföranden hälsar välkommen." if number == 1 else "Inga övriga frågor."
            has_decision = False
        else:
            title = rng.choice(TITLE_FORMS).format(topic=topic, phrase=phrase)
            sentences = rng.sample(BODY_SENTENCES, k=rng.randint(2, 5))
            body = " ".join(
                self.fill(s, phrase, municipalities, rng, roster, day.date.year) for s in sentences
            )
            # About one decision per two items over the meeting: the middle items carry them.
            has_decision = rng.random() < 0.5 * count / (count - 2)
        item = AgendaItem(day=day, number=number, title=title[:500], body=body)
        item._topic = (topic, phrase)
        return item, has_decision

    def make_decision(self, item, position, municipalities, rng):
        kind = rng.choices([k for k, _ in KIND_WEIGHTS], weights=[w for _, w in KIND_WEIGHTS])[0]
        topic, phrase = item._topic
        text = self.fill(
            rng.choice(DECISION_FORMS[kind]), phrase, municipalities, rng, year=item.day.date.year
        )
        reference = Decision.make_reference(item, position)
        return Decision(
            item=item,
            position=position,
            kind=kind,
            label=topic if rng.random() < 0.2 else "",
            text=text,
            reference=reference,
            slug=slugify(reference.replace("§", "")),
            taken_on=item.day.date,  # bulk_create does not call save()
        )

    def make_action(self, item, decision, roster, rng):
        person, organisation, _group = rng.choice(roster[:-25])
        _topic, phrase = item._topic
        due = item.day.date + dt.timedelta(days=rng.choice([30, 60, 90]))
        return Action(
            item=item,
            decision=decision,
            text=rng.choice(ACTION_FORMS).format(
                phrase=phrase, municipality=organisation.short_name if organisation else "GR"
            ),
            responsible_person=person,
            responsible_organisation=organisation,
            responsible_as_written=person.full_name,
            due_date=due,
            due_text="till nästa möte" if rng.random() < 0.3 else "",
            status=rng.choice(list(Action.Status.values)),
        )
