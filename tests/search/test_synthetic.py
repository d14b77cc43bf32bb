import io

from django.core.management import call_command
from django.utils.text import slugify

from decisions.models import Decision
from minutes.models import Meeting
from network.models import Network, Organisation


def generate(n, seed=1):
    call_command("generate_synthetic", decisions=n, seed=seed, stdout=io.StringIO())


def test_generate_synthetic_creates_exactly_n_decisions(db):
    generate(50)

    assert Decision.objects.count() == 50


def test_generate_synthetic_references_are_unique_and_in_the_save_format(db):
    generate(50)

    decisions = Decision.objects.select_related("item__day__meeting__network")
    references = [d.reference for d in decisions]
    assert len(set(references)) == 50
    assert len({d.slug for d in decisions}) == 50
    for decision in decisions:
        assert decision.reference == Decision.make_reference(decision.item, decision.position)
        assert decision.slug == slugify(decision.reference.replace("§", ""))


def test_generate_synthetic_run_twice_adds_without_collisions(db):
    generate(50, seed=1)

    generate(50, seed=2)

    assert Decision.objects.count() == 100
    assert Decision.objects.values("reference").distinct().count() == 100


def test_generate_synthetic_builds_the_networks_and_municipalities(db):
    generate(50)

    assert sorted(Network.objects.values_list("name", flat=True)) == [
        "Arbetsmarknadschefer",
        "FH-chefer",
        "IFO-chefer",
        "Socialchefsnätverket",
    ]
    assert Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY).count() == 13


def test_generate_synthetic_meetings_are_mostly_published_with_six_to_ten_items(db):
    generate(50)

    meetings = Meeting.objects.prefetch_related("days__items")
    assert Meeting.objects.published().count() >= Meeting.objects.count() * 3 // 4
    assert {1 <= sum(len(d.items.all()) for d in m.days.all()) <= 10 for m in meetings} == {True}
    assert {len(d.items.all()) for m in meetings for d in m.days.all()} <= set(range(6, 11))
