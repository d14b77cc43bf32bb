from minutes.charts import stacked_bars


def test_stacked_bars_scale_to_the_tallest_bar():
    chart = stacked_bars(
        [("2023", {"beslut": 2, "ställningstagande": 2}), ("2024", {"beslut": 1})],
        series=[("beslut", "Beslut"), ("ställningstagande", "Ställningstagande")],
        title="Beslut per år",
    )

    assert chart.maximum == 4
    assert [(b.label, b.total) for b in chart.bars] == [("2023", 4), ("2024", 1)]
    assert [(s.y, s.height) for s in chart.bars[0].segments] == [(100.0, 80.0), (20.0, 80.0)]
    assert [(s.y, s.height) for s in chart.bars[1].segments] == [(140.0, 40.0), (140.0, 0.0)]
    assert chart.description == "2023: 4 (Beslut 2, Ställningstagande 2); 2024: 1 (Beslut 1)."


def test_stacked_bars_without_rows_do_not_divide_by_zero():
    chart = stacked_bars([], series=[("n", "Närvaro")], title="Närvaro per år")

    assert (chart.maximum, chart.bars, chart.width) == (1, [], 200)
