import pytest

from minutes.charts import axis, nice_step, stacked_bars

SERIES = [
    ("beslut", "Beslut"),
    ("ställningstagande", "Ställningstagande"),
    ("inriktningsbeslut", "Inriktningsbeslut"),
]


def test_stacked_bars_scale_to_the_top_tick():
    chart = stacked_bars(
        [("2023", {"beslut": 2, "ställningstagande": 2}), ("2024", {"beslut": 1})],
        series=SERIES[:2],
        title="Beslut per år",
    )

    assert chart.maximum == 4
    assert [(b.label, b.total) for b in chart.bars] == [("2023", 4), ("2024", 1)]
    # 180 px for 4 decisions: 45 px each, from the baseline at y = 208 up.
    assert [(s.y, s.height) for s in chart.bars[0].segments] == [(118.0, 90.0), (28.0, 90.0)]
    assert [(s.y, s.height) for s in chart.bars[1].segments] == [(163.0, 45.0), (163.0, 0.0)]
    assert chart.description == "2023: 4 (Beslut 2, Ställningstagande 2); 2024: 1 (Beslut 1)."


@pytest.mark.parametrize(
    ("maximum", "step", "ticks"),
    [
        (1, 1, [0, 1]),
        (3, 1, [0, 1, 2, 3]),
        (5, 1, [0, 1, 2, 3, 4, 5]),
        (7, 2, [0, 2, 4, 6, 8]),
        (10, 2, [0, 2, 4, 6, 8, 10]),
        (13, 5, [0, 5, 10, 15]),
        (48, 10, [0, 10, 20, 30, 40, 50]),
        (230, 50, [0, 50, 100, 150, 200, 250]),
        (1_000, 200, [0, 200, 400, 600, 800, 1_000]),
    ],
)
def test_axis_steps_are_round_and_reach_the_tallest_bar(maximum, step, ticks):
    assert nice_step(maximum) == step
    assert axis(maximum) == (ticks[-1], ticks)


def test_ticks_are_labelled_and_placed_on_the_scale():
    chart = stacked_bars([("2024", {"beslut": 7})], series=SERIES, title="Beslut")

    assert [(t.label, t.y) for t in chart.ticks] == [
        ("0", 208.0),
        ("2", 163.0),
        ("4", 118.0),
        ("6", 73.0),
        ("8", 28.0),
    ]


def test_share_chart_has_a_fixed_axis_with_a_unit_and_says_the_shares_in_words():
    chart = stacked_bars(
        [("2023", {"attended": 75}), ("2024", {"attended": 100})],
        series=[("attended", "Andel")],
        title="Andel möten",
        maximum=100,
        step=25,
        unit=" %",
        notes={"2023": "3 av 4 möten, 75 %", "2024": "2 av 2 möten, 100 %"},
    )

    assert [t.label for t in chart.ticks] == ["0 %", "25 %", "50 %", "75 %", "100 %"]
    assert chart.description == "2023: 3 av 4 möten, 75 %; 2024: 2 av 2 möten, 100 %."
    assert chart.show_legend is False  # one series: the title says what the bars are


def test_segments_link_where_there_is_data_only():
    chart = stacked_bars(
        [("2023", {"beslut": 2}), ("2024", {"beslut": 1, "ställningstagande": 1})],
        series=SERIES,
        title="Beslut per år",
        link=lambda year, kind: f"/beslut/?year={year}&kind={kind}",
    )

    assert [[s.url for s in bar.segments] for bar in chart.bars] == [
        ["/beslut/?year=2023&kind=beslut", "", ""],
        ["/beslut/?year=2024&kind=beslut", "/beslut/?year=2024&kind=ställningstagande", ""],
    ]
    assert chart.has_links is True


def test_legend_lists_only_the_series_with_data():
    chart = stacked_bars(
        [("2023", {"beslut": 2}), ("2024", {"beslut": 1, "inriktningsbeslut": 1})],
        series=SERIES,
        title="Beslut per år",
    )

    # Colours stay with their series: Inriktningsbeslut keeps series-2 without Ställningstagande.
    assert chart.series == [
        ("beslut", "Beslut", "series-0"),
        ("inriktningsbeslut", "Inriktningsbeslut", "series-2"),
    ]
    assert chart.show_legend is True


def test_few_bars_are_spread_over_a_readable_width():
    chart = stacked_bars([("2024", {"beslut": 1})], series=SERIES, title="Beslut")

    assert (chart.width, chart.bars[0].width, chart.bars[0].x) == (480, 56, 244.0)


def test_stacked_bars_without_rows_do_not_divide_by_zero():
    chart = stacked_bars([], series=[("n", "Närvaro")], title="Närvaro per år")

    assert (chart.maximum, chart.bars, chart.width, chart.series) == (1, [], 480, [])
