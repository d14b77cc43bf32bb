"""Server time of the search and of every registry page, next to the bare search SQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_bench \\
        .venv/bin/python bench/benchmark.py --decisions 100000

Creates the database when it is missing (PostgreSQL), migrates it, tops it up with
`generate_synthetic` to N decisions, and then times, in-process with Django's test Client and a
logged-in member, many requests to /sok/?q=... for several realistic queries and to every
registry page (p50/p95 with time.perf_counter, and the page's size), and the search's own
ranked SQL run bare with a cursor. --explain prints the plan of one search and checks that the
three GIN indexes are used.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.test_settings")

QUERIES = [
    "socialtjänstlag",
    "hemlöshet",
    "Nära vård",
    "ekonomiskt bistånd",
    "barn och unga",
    "kompetensförsörjning",
    "besluten",
    '"ny socialtjänstlag"',
]
TARGET_P95_MS = 50.0
TARGET_RATIO = 2.0
INDEXES = ("search_agendaitem_fts", "search_decision_fts", "search_meeting_fts")


def create_database_if_missing(url: str) -> None:
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(url)
    if "postgresql" not in config["ENGINE"]:
        return
    params = dict(
        host=config["HOST"] or None,
        port=config["PORT"] or None,
        user=config["USER"] or None,
        password=config["PASSWORD"] or None,
    )
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]
        ).fetchone()
        if not exists:
            print(f"Skapar databasen {config['NAME']} …")
            conn.execute(f'CREATE DATABASE "{config["NAME"]}"')


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def timed(call, iterations, *, warmup=2):
    for _ in range(warmup):
        call()
    times = []
    for _ in range(iterations):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return times


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--decisions", type=int, default=100_000)
    parser.add_argument("--iterations", type=int, default=50)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--explain", action="store_true", help="visa sökfrågans plan")
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        create_database_if_missing(url)

    import django

    django.setup()

    from django.contrib.auth.models import Group, User
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from decisions.models import Decision
    from minutes.models import Meeting
    from network.models import Organisation, Person
    from search.queries import parse_query, ranked_sql

    call_command("migrate", verbosity=0)
    existing = Decision.objects.count()
    if existing < args.decisions:
        print(f"{existing} beslut finns; skapar {args.decisions - existing} till …")
        started = time.perf_counter()
        call_command(
            "generate_synthetic", decisions=args.decisions - existing, seed=args.seed, verbosity=0
        )
        print(f"generate_synthetic: {time.perf_counter() - started:.1f} s")
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
    print(
        f"Databas: {connection.vendor} {connection.settings_dict['NAME']}, "
        f"{Decision.objects.count()} beslut"
    )

    user, _ = User.objects.get_or_create(username="bench-member")
    user.groups.add(Group.objects.get(name="Medlemmar"))
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    person = Person.objects.filter(attendances__isnull=False).order_by("pk").first()
    queries = [*QUERIES, person.full_name] if person else QUERIES

    rows = []

    def report(name, times, extra=""):
        p50, p95 = statistics.median(times), percentile(times, 0.95)
        rows.append((name, p50, p95))
        print(f"{name:52} p50 {p50:7.1f} ms   p95 {p95:7.1f} ms   (n={len(times)}){extra}")
        return p95

    print("\n== /sok/ (vy, hela svaret) och samma rankade SQL direkt mot databasen")
    view_all, bare_all = [], []
    for text in queries:
        path = "/sok/?" + urlencode({"q": text})
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        view = timed(lambda path=path: client.get(path), args.iterations)
        sql, params = ranked_sql(parse_query(text), user)

        def bare(sql=sql, params=params):
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchall()

        found = len(bare())
        bare_times = timed(bare, args.iterations)
        view_all += view
        bare_all += bare_times
        report(f"/sok/?q={text}", view, f"  {found} rader")
        report(f"  SQL {text}", bare_times)
    search_p95 = report("/sok/ alla frågor", view_all)
    bare_p95 = report("  SQL alla frågor", bare_all)

    print("\n== andra sidor (varje sida i registret, med sin storlek)")
    decision = Decision.objects.published().order_by("-pk").first()
    meeting = Meeting.objects.published().order_by("-start_date").first()
    organisation = Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY).first()
    pages = [
        "/",
        "/moten/",
        meeting.get_absolute_url() if meeting else None,
        "/beslut/",
        "/beslut/?" + urlencode({"q": "hemlöshet"}),
        f"/beslut/?person={person.pk}" if person else None,
        decision.get_absolute_url() if decision else None,
        "/atgarder/",
        person.get_absolute_url() if person else None,
        organisation.get_absolute_url() if organisation else None,
    ]
    for path in pages:
        if not path:
            continue
        started = time.perf_counter()
        response = client.get(path)
        first = time.perf_counter() - started
        assert response.status_code == 200, (path, response.status_code)
        # A slow page gets fewer rounds, so the benchmark ends in minutes.
        iterations = max(3, min(args.iterations, int(20 / max(first, 1e-3))))
        size = f"  {len(response.content) // 1024} KB"
        report(path, timed(lambda path=path: client.get(path), iterations, warmup=1), size)

    ratio = search_p95 / bare_p95 if bare_p95 else float("inf")
    print(
        f"\nSökningens p95 {search_p95:.1f} ms (mål < {TARGET_P95_MS:.0f} ms), "
        f"{ratio:.2f} × den rena SQL-frågans p95 {bare_p95:.1f} ms (mål ≤ {TARGET_RATIO:.0f} ×): "
        + ("MÅLET NÅTT" if search_p95 < TARGET_P95_MS and ratio <= TARGET_RATIO else "MÅLET MISSAT")
    )

    if args.explain and connection.vendor == "postgresql":
        text = queries[0]
        sql, params = ranked_sql(parse_query(text), user)
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN ANALYZE " + sql, params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        print(f"\n== EXPLAIN ANALYZE, q={text}\n{plan}")
        missing = [name for name in INDEXES if f"Bitmap Index Scan on {name}" not in plan]
        print(
            "Alla tre GIN-index används." if not missing else f"Index som INTE används: {missing}"
        )


if __name__ == "__main__":
    main()
