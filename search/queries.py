"""One search over decisions, agenda items, meetings and people.

PostgreSQL: full-text search with the `swedish` configuration, served by the GIN expression
indexes of migration 0001 (the SearchVector expressions below are the indexed ones, column for
column). Each plain word becomes a prefix term of its stem (`socialtjänstlagen` becomes
`socialtjänstlag:*`), so inflected and longer forms match; a query in web-search syntax (quotes,
`or`, `-word`) goes to websearch_to_tsquery as typed.

To keep every search bounded, each type contributes at most CANDIDATES matches; these are ranked
together (ts_rank, reading the vector stored with each row rather than computing it again)
and only the page shown gets its highlighted snippets (ts_headline).

A decision is found by its item's title and text as well as by its own wording ("utförarregister"
finds the decision "GR i uppdrag att ta fram förslag på projektplan" taken under the item
"Teknisk förstudie om it-stöd för gemensamt utförarregister"): on PostgreSQL the decisions under
the matching items join the decisions matching by their own text (the join is indexed: the items'
GIN index, then decisions by item), so no copy of the item's text is kept on the decision.

SQLite (development): each word's Swedish Snowball stem must occur (icontains, AND), so
"socialtjänstlagen" finds what "socialtjänstlag" finds, as on PostgreSQL; the words PostgreSQL's
`swedish` configuration ignores (och, om, vi, ...) are ignored too; newest first; snippets cut
in Python.
"""

import datetime as dt
import re
from dataclasses import dataclass

import snowballstemmer
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchVector
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import (
    CharField,
    DateField,
    F,
    FloatField,
    Prefetch,
    Q,
    QuerySet,
    Value,
)
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from decisions.models import Decision
from minutes.access import sees_drafts
from minutes.models import AgendaItem, Meeting
from minutes.richtext import plain_text, without_markup
from network.models import Person

MAX_QUERY_LENGTH = 200
MAX_TERMS = 10
CANDIDATES = 200  # per type: the most a single search ranks
BY_ITEM = 0.99  # a decision found by its item's words ranks just below the item
PAGE_SIZE = 20
SNIPPET_CHARS = 220

WORD = re.compile(r"[^\W_]+")
WEB_SYNTAX = re.compile(r'"|(?:^|\s)-[^\W_]|\s(?:or)\s', re.IGNORECASE)

# Private-use characters mark the hits in ts_headline's output; they are swapped for <mark>
# only after the text has been escaped.
START, STOP = "\ue000", "\ue001"

CONFIG = "swedish"

# PostgreSQL's swedish.stop (Snowball's Swedish stop words): these never match on PostgreSQL,
# so the fallback drops them too ("vem är vår representant i styrgruppen").
SWEDISH_STOP = """
    och det att i en jag hon som han på den med var sig för så till är men ett om hade de av
    icke mig du henne då sin nu har inte hans honom skulle hennes där min man ej vid kunde
    något från ut när efter upp vi dem vara vad över än dig kan sina här ha mot alla under
    någon eller allt mycket sedan ju denna själv detta åt utan varit hur ingen mitt ni bli
    blev oss din dessa några deras blir mina samma vilken er sådan vår blivit dess inom
    mellan sådant varför varje vilka ditt vem vilket sitta sådana vart dina vars vårt våra
    ert era vilkas
"""
STOP_WORDS = frozenset(SWEDISH_STOP.split())
STEMMER = snowballstemmer.stemmer("swedish")


class Kind:
    DECISION = "decision"
    ITEM = "item"
    MEETING = "meeting"
    PERSON = "person"


KIND_LABELS = {
    Kind.ITEM: _("Punkt"),
    Kind.MEETING: _("Möte"),
    Kind.PERSON: _("Person"),
}


@dataclass(frozen=True)
class ParsedQuery:
    text: str
    terms: tuple[str, ...] = ()
    problem: str = ""

    @property
    def is_searchable(self) -> bool:
        return bool(self.terms) and not self.problem

    @property
    def uses_web_syntax(self) -> bool:
        return bool(WEB_SYNTAX.search(self.text))

    @property
    def stems(self) -> tuple[str, ...]:
        """The fallback's words: stop words left out, each word of three letters or more as its
        Swedish Snowball stem. The stem is the start of the word ("socialtjänstlagen" →
        "socialtjänstlag"), so as a substring it finds every form, as `stem:*` does on
        PostgreSQL. A query of stop words only keeps them."""
        return tuple(dict.fromkeys(STEMMER.stemWord(w) if len(w) >= 3 else w for w in self.words))

    @property
    def words(self) -> tuple[str, ...]:
        """The terms less the stop words PostgreSQL ignores (all of them if nothing is left)."""
        return tuple(term for term in self.terms if term not in STOP_WORDS) or self.terms


@dataclass
class DecisionLine:
    """A decision taken under an item hit: its kind and wording, linked."""

    label: str
    text: str
    url: str


@dataclass
class Hit:
    kind: str
    label: str
    title: SafeString
    url: str
    snippet: SafeString
    meta: str
    date: dt.date | None = None
    is_draft: bool = False
    decisions: tuple[DecisionLine, ...] = ()


def parse_query(raw: str | None) -> ParsedQuery:
    """What the user typed, as words to search for, or the reason it can't be searched."""
    text = " ".join((raw or "").split())
    if not text:
        return ParsedQuery(text="")
    if len(text) > MAX_QUERY_LENGTH:
        return ParsedQuery(
            text=text[:MAX_QUERY_LENGTH],
            problem=_("Sökningen är för lång. Använd högst %(n)s tecken.")
            % {"n": MAX_QUERY_LENGTH},
        )
    terms = tuple(dict.fromkeys(word.casefold() for word in WORD.findall(text)))[:MAX_TERMS]
    if not terms:
        return ParsedQuery(
            text=text,
            problem=_("Sökningen innehåller inga ord. Skriv till exempel ”socialtjänstlag”."),
        )
    return ParsedQuery(text=text, terms=terms)


def validate_query(value: str) -> None:
    """The search box's rules as a form validator (/beslut/?q=): the same limits and messages
    as /sok/."""
    problem = parse_query(value).problem
    if problem:
        raise ValidationError(problem, code="query")


def uses_full_text() -> bool:
    return connection.vendor == "postgresql"


# -- PostgreSQL ------------------------------------------------------------------------------

# Each table's vector is stored with its row too (search/migrations/0002), for ranking.
VECTOR_COLUMN = "search_vector"
ITEM_VECTOR = ("title", "body")
DECISION_VECTOR = ("label", "text")
MEETING_VECTOR = ("theme", "title")


def vector(*fields: str) -> SearchVector:
    """The indexed expression: to_tsvector('swedish', COALESCE(a, '') || ' ' || COALESCE(b, ''))."""
    return SearchVector(*fields, config=CONFIG)


def tsquery_text(query: ParsedQuery) -> str:
    """The query for to_tsquery, or for websearch_to_tsquery when it uses web-search syntax."""
    if query.uses_web_syntax:
        return query.text
    # Terms hold letters and digits only, so this raw query is always well formed. Words of three
    # letters or more also match longer forms ("socialtjänstlag" finds "socialtjänstlagarna").
    return " & ".join(f"{term}:*" if len(term) >= 3 else term for term in query.terms)


def tsquery(query: ParsedQuery) -> SearchQuery:
    search_type = "websearch" if query.uses_web_syntax else "raw"
    return SearchQuery(tsquery_text(query), config=CONFIG, search_type=search_type)


def headline(field, query: SearchQuery, *, highlight_all: bool = False) -> SearchHeadline:
    options = {"highlight_all": True} if highlight_all else {"max_words": 35, "min_words": 15}
    return SearchHeadline(
        field,
        query,
        config=CONFIG,
        start_sel=START,
        stop_sel=STOP,
        **options,
    )


def marked(text: str | None) -> SafeString:
    """ts_headline output made safe: escaped, with only our own <mark> tags."""
    text = " ".join((text or "").split())
    return mark_safe(  # escaped on the next line
        escape(text).replace(START, "<mark>").replace(STOP, "</mark>")
    )


# -- SQLite and names ------------------------------------------------------------------------


def every_term(query: ParsedQuery, *fields: str, stemmed: bool = True) -> Q:
    """Each term (its stem, unless stemmed is False, as for names) in at least one of the
    fields."""
    condition = Q()
    for term in query.stems if stemmed else query.terms:
        any_field = Q()
        for field in fields:
            any_field |= Q(**{f"{field}__icontains": term})
        condition &= any_field
    return condition


def shortened(text: str, limit: int = SNIPPET_CHARS) -> str:
    """The text on one line, cut at a word before limit characters."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[: limit + 1].rsplit(" ", 1)[0] + " …"


def highlight(
    text: str, terms, *, width: int | None = None, whole_words: bool = False
) -> SafeString:
    """Escaped text with every term in <mark>; cut around the first hit when width is given.
    whole_words marks the whole word a term (a stem) occurs in, as ts_headline does."""
    text = " ".join((text or "").split())
    folded = text.casefold()
    # casefold can change lengths (ß → ss); search the lower-cased text then, which keeps them.
    if len(folded) != len(text):
        folded = text.lower()
    hits = []
    for term in terms:
        start = folded.find(term)
        while start != -1 and term:
            stop = start + len(term)
            if whole_words:
                begin_word = start
                while begin_word > 0 and text[begin_word - 1].isalnum():
                    begin_word -= 1
                while stop < len(text) and text[stop].isalnum():
                    stop += 1
                hits.append((begin_word, stop))
            else:
                hits.append((start, stop))
            start = folded.find(term, start + len(term))
    hits.sort()
    merged: list[tuple[int, int]] = []
    for start, stop in hits:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(stop, merged[-1][1]))
        else:
            merged.append((start, stop))
    hits = merged
    begin, end = 0, len(text)
    if width is not None and len(text) > width:
        first = hits[0][0] if hits else 0
        begin = max(0, first - width // 3)
        end = min(len(text), begin + width)
        # Don't cut words in half.
        if begin > 0:
            space = text.find(" ", begin)
            begin = space + 1 if 0 <= space < first else begin
        if end < len(text):
            space = text.rfind(" ", begin, end)
            end = space if space > (hits[0][1] if hits else begin) else end
    parts, position = [], begin
    for start, stop in hits:
        if start < position or stop > end:
            continue
        parts.append(escape(text[position:start]))
        parts.append(f"<mark>{escape(text[start:stop])}</mark>")
        position = stop
    parts.append(escape(text[position:end]))
    prefix = "… " if begin > 0 else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(prefix + "".join(parts) + suffix)  # every part escaped


# -- The search ------------------------------------------------------------------------------


def visible_items(user) -> QuerySet:
    return AgendaItem.objects.filter(day__meeting__in=Meeting.objects.visible_to(user).values("pk"))


def ranked(query: ParsedQuery, user) -> list[tuple]:
    """Rows (type, pk, score, date) over all four types, best first; at most CANDIDATES per type,
    so the whole list is small enough to fetch in one query and paginate in Python (no COUNT).

    The candidates are taken from the whole table (the index alone decides), visibility is
    applied to them after: a member may see fewer than CANDIDATES when drafts were among them."""
    if not uses_full_text():
        return list(ranked_fallback(query, user))
    sql, params = ranked_sql(query, user)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def indexed_vector(alias: str, first: str, second: str) -> str:
    """The expression of the GIN indexes of migration 0001, column for column."""
    return (
        f"to_tsvector('{CONFIG}'::regconfig, "
        f"COALESCE({alias}.\"{first}\", '') || ' ' || COALESCE({alias}.\"{second}\", ''))"
    )


def stored_vector(alias: str) -> str:
    """The row's vector as stored with it (search/migrations/0002): the indexed expression,
    computed once per write, read by ts_rank instead of being computed again per candidate."""
    return f'{alias}."{VECTOR_COLUMN}"'


def ranked_sql(query: ParsedQuery, user) -> tuple[str, list]:
    """The search on PostgreSQL as one statement, written out rather than built by the ORM: it
    runs on every search and compiling the equivalent querysets cost more than a tenth of the
    request. Two planner details make it fast. `pk = ANY(ARRAY(subquery LIMIT (SELECT n)))`
    reads at most n ids from the GIN index and joins back by primary key (`pk IN (subquery)`
    hashed the whole table); and a LIMIT the planner cannot read keeps it on the index (with a
    plain LIMIT n it filters a sequential scan, computing to_tsvector row by row). The plan is
    checked in tests/search and by bench/benchmark.py --explain."""
    function = "websearch_to_tsquery" if query.uses_web_syntax else "to_tsquery"
    tsquery_sql = f"{function}('{CONFIG}'::regconfig, %s)"
    visible_sql, visible_params = (
        Meeting.objects.visible_to(user).order_by().values("pk").query.sql_with_params()
    )
    limit = int(CANDIDATES)

    def candidates(table: str, first: str, second: str) -> tuple[str, list]:
        return (
            f"= ANY(ARRAY(SELECT c.id FROM {table} c "
            f"WHERE {indexed_vector('c', first, second)} @@ {tsquery_sql} "
            f"LIMIT (SELECT {limit})))",
            [tsquery_text(query)],
        )

    item_vector = stored_vector("i")
    decision_vector = stored_vector("d")
    visible = f"day.meeting_id IN ({visible_sql})"
    items_among, items_params = candidates("minutes_agendaitem", *ITEM_VECTOR)
    decisions_among, decisions_params = candidates("decisions_decision", *DECISION_VECTOR)
    meetings_among, meetings_params = candidates("minutes_meeting", *MEETING_VECTOR)
    # The matching items, each ranked once: hits themselves, and the way to their decisions.
    found_items = (
        f"found_items AS MATERIALIZED (SELECT i.id, i.day_id, "
        f"ts_rank({item_vector}, {tsquery_sql}) AS score FROM minutes_agendaitem i "
        f"WHERE i.id {items_among})"
    )
    params = [tsquery_text(query), *items_params]
    parts = [
        "(SELECT %s, f.id, f.score, day.date FROM found_items f "
        f"JOIN minutes_meetingday day ON day.id = f.day_id WHERE {visible})",
        # A decision by its own words, or by its item's (just below the item, which shows it).
        f"(SELECT %s, d.id, GREATEST(ts_rank({decision_vector}, {tsquery_sql}), "
        f"COALESCE(f.score * {BY_ITEM}, 0)), day.date FROM decisions_decision d "
        "JOIN minutes_agendaitem i ON i.id = d.item_id "
        "JOIN minutes_meetingday day ON day.id = i.day_id "
        "LEFT JOIN found_items f ON f.id = d.item_id "
        f"WHERE {visible} AND (d.id {decisions_among} "
        "OR d.item_id = ANY(ARRAY(SELECT id FROM found_items))))",
        f"(SELECT %s, m.id, ts_rank({stored_vector('m')}, {tsquery_sql}), "
        f"m.start_date FROM minutes_meeting m "
        f"WHERE m.id IN ({visible_sql}) AND m.id {meetings_among})",
    ]
    params += [Kind.ITEM, *visible_params]
    params += [Kind.DECISION, tsquery_text(query), *visible_params, *decisions_params]
    params += [Kind.MEETING, tsquery_text(query), *visible_params, *meetings_params]
    # Names: a match on a person's name outranks any text. People who so far come only from a
    # draft are for editors (PersonQuerySet.visible_to, written out).
    names = " AND ".join("UPPER(n.full_name) LIKE UPPER(%s)" for _term in query.terms)
    if not sees_drafts(user):
        names += " AND n.draft_meeting_id IS NULL"
    parts.append(
        "(SELECT %s, p.id, 1.0, NULL::date FROM network_person p WHERE p.id IN "
        f"(SELECT n.id FROM network_person n WHERE {names} ORDER BY n.full_name LIMIT {limit}))"
    )
    params += [Kind.PERSON, *(f"%{term}%" for term in query.terms)]
    sql = (
        f"WITH {found_items} "
        + " UNION ALL ".join(parts)
        + " ORDER BY 3 DESC, 4 DESC, 1 ASC, 2 DESC"
    )
    return sql, params


def ranked_fallback(query: ParsedQuery, user) -> QuerySet:
    """SQLite: each word's stem as a substring, newest first, at most CANDIDATES per type. A
    decision matches by its own words or by its item's, as on PostgreSQL."""

    def rows(queryset, kind, condition, date):
        matches = queryset.model.objects.filter(condition)
        return (
            queryset.filter(pk__in=matches.order_by(f"-{date}").values("pk")[:CANDIDATES])
            .order_by()
            .annotate(
                hit_type=Value(kind, output_field=CharField()),
                score=Value(0.0, output_field=FloatField()),
                hit_date=F(date),
            )
            .values_list("hit_type", "pk", "score", "hit_date")
        )

    by_item = every_term(query, *(f"item__{field}" for field in ITEM_VECTOR))
    decisions = rows(
        Decision.objects.visible_to(user),
        Kind.DECISION,
        every_term(query, *DECISION_VECTOR) | by_item,
        "item__day__date",
    )
    items = rows(visible_items(user), Kind.ITEM, every_term(query, *ITEM_VECTOR), "day__date")
    meetings = rows(
        Meeting.objects.visible_to(user),
        Kind.MEETING,
        every_term(query, *MEETING_VECTOR),
        "start_date",
    )
    people = (
        Person.objects.filter(
            pk__in=Person.objects.visible_to(user)
            .filter(every_term(query, "full_name", stemmed=False))
            .order_by("full_name")
            .values("pk")[:CANDIDATES]
        )
        .order_by()
        .annotate(
            hit_type=Value(Kind.PERSON, output_field=CharField()),
            score=Value(1.0, output_field=FloatField()),
            hit_date=Value(None, output_field=DateField()),
        )
        .values_list("hit_type", "pk", "score", "hit_date")
    )
    union = decisions.union(items, meetings, people, all=True)
    # On one day an item before its decisions (as on PostgreSQL, where they rank just below it).
    return union.order_by("-score", "-hit_date", "-hit_type", "-pk")


def hits(rows, query: ParsedQuery) -> list[Hit]:
    """The page's rows (from ranked, which decided what the user may see) as Hits, each type
    fetched in one query with its snippet."""
    ids = {kind: [] for kind in (Kind.DECISION, Kind.ITEM, Kind.MEETING, Kind.PERSON)}
    for kind, pk, _rank, _date in rows:
        ids[kind].append(pk)
    found = {}
    full_text = uses_full_text()
    ts = tsquery(query) if full_text else None
    # What is marked in titles cut in Python: the stems, so "socialtjänstlagen" marks
    # "Socialtjänstlag" as the search found it (names keep the words as typed).
    marks = query.stems

    def snippet(obj, field):
        if full_text:
            return marked(without_markup(obj.snippet))
        text = without_markup(getattr(obj, field))
        return highlight(text, marks, width=SNIPPET_CHARS, whole_words=True)

    if ids[Kind.DECISION]:
        decisions = (
            Decision.objects.select_related("item__day__meeting")
            .filter(pk__in=ids[Kind.DECISION])
            .order_by()  # the rows' order is kept below
        )
        if full_text:
            decisions = decisions.annotate(snippet=headline("text", ts))
        for decision in decisions:
            item = decision.item
            meeting = item.day.meeting
            title = item.title + (f" – {decision.label}" if decision.label else "")
            found[Kind.DECISION, decision.pk] = Hit(
                kind=Kind.DECISION,
                label=decision.get_kind_display(),
                title=highlight(title, marks, whole_words=True),
                url=decision.get_absolute_url(),
                snippet=snippet(decision, "text"),
                meta=decision.reference,
                date=item.day.date,
                is_draft=not meeting.is_published,
            )
    if ids[Kind.ITEM]:
        items = (
            AgendaItem.objects.select_related("day__meeting__network")
            .prefetch_related(
                # Every decision under the page's item hits, in one query: a decision is as
                # visible as its item.
                Prefetch("decisions", queryset=Decision.objects.order_by("position", "pk"))
            )
            .filter(pk__in=ids[Kind.ITEM])
            .order_by()
        )
        if full_text:
            items = items.annotate(
                snippet=headline("body", ts), marked_title=headline("title", ts, highlight_all=True)
            )
        for item in items:
            meeting = item.day.meeting
            found[Kind.ITEM, item.pk] = Hit(
                kind=Kind.ITEM,
                label=KIND_LABELS[Kind.ITEM],
                title=marked(item.marked_title)
                if full_text
                else highlight(item.title, marks, whole_words=True),
                url=item.get_absolute_url(),
                snippet=snippet(item, "body"),
                meta=f"{meeting.network} {item.day.date:%Y-%m-%d} §{item.number}",
                date=item.day.date,
                is_draft=not meeting.is_published,
                decisions=tuple(
                    DecisionLine(
                        label=decision.get_kind_display(),
                        text=shortened(plain_text(decision.text)),
                        url=decision.get_absolute_url(),
                    )
                    for decision in item.decisions.all()
                ),
            )
    if ids[Kind.MEETING]:
        meetings = (
            Meeting.objects.select_related("network").filter(pk__in=ids[Kind.MEETING]).order_by()
        )
        if full_text:
            meetings = meetings.annotate(snippet=headline("theme", ts, highlight_all=True))
        for meeting in meetings:
            found[Kind.MEETING, meeting.pk] = Hit(
                kind=Kind.MEETING,
                label=KIND_LABELS[Kind.MEETING],
                title=highlight(str(meeting), marks, whole_words=True),
                url=meeting.get_absolute_url(),
                snippet=snippet(meeting, "theme"),
                meta=meeting.display_title,
                date=meeting.start_date,
                is_draft=not meeting.is_published,
            )
    if ids[Kind.PERSON]:
        for person in Person.objects.filter(pk__in=ids[Kind.PERSON]).order_by():
            found[Kind.PERSON, person.pk] = Hit(
                kind=Kind.PERSON,
                label=KIND_LABELS[Kind.PERSON],
                title=highlight(person.full_name, query.terms),
                url=person.get_absolute_url(),
                snippet=highlight(person.title, query.terms),
                meta="",
            )
    return [found[kind, pk] for kind, pk, _rank, _date in rows if (kind, pk) in found]
