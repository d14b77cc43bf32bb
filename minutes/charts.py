"""Small server-rendered bar charts (SVG drawn by templates/charts/bars.svg): no chart library.

chart = stacked_bars(
    [("2023", {"beslut": 2, "ställningstagande": 1}), ("2024", {"beslut": 1})],
    series=[("beslut", "Beslut"), ("ställningstagande", "Ställningstagande")],
    title="Beslut per år och typ",
)
{% include "charts/bars.svg" with chart=chart %}
"""

from dataclasses import dataclass, field

BAR_WIDTH = 36
GAP = 16
HEIGHT = 160
TOP = 20
LEFT = 32
BOTTOM = 28


@dataclass
class Segment:
    key: str
    label: str
    value: int
    y: float
    height: float
    css_class: str


@dataclass
class Bar:
    label: str
    total: int
    x: float
    segments: list[Segment] = field(default_factory=list)

    @property
    def label_x(self) -> float:
        return self.x + BAR_WIDTH / 2


@dataclass
class Chart:
    title: str
    bars: list[Bar]
    series: list[tuple[str, str, str]]  # key, label, css class
    maximum: int
    width: int
    height: int = TOP + HEIGHT + BOTTOM
    baseline: int = TOP + HEIGHT
    left: int = LEFT

    @property
    def description(self) -> str:
        """The chart's data in words, for screen readers (the SVG has role="img")."""
        parts = []
        for bar in self.bars:
            detail = ", ".join(f"{s.label} {s.value}" for s in bar.segments if s.value)
            parts.append(f"{bar.label}: {bar.total}" + (f" ({detail})" if detail else ""))
        return "; ".join(parts) + "."


def stacked_bars(rows, *, series, title: str) -> Chart:
    """rows: [(label, {series key: value})]; series: [(key, label)] in stacking order."""
    maximum = max([sum(values.values()) for _, values in rows] or [0]) or 1
    scale = HEIGHT / maximum
    styled = [(key, label, f"series-{index}") for index, (key, label) in enumerate(series)]
    bars = []
    for index, (label, values) in enumerate(rows):
        bar = Bar(
            label=str(label), total=sum(values.values()), x=LEFT + GAP + index * (BAR_WIDTH + GAP)
        )
        y = TOP + HEIGHT
        for key, series_label, css_class in styled:
            value = values.get(key, 0)
            height = value * scale
            y -= height
            bar.segments.append(
                Segment(key, series_label, value, round(y, 1), round(height, 1), css_class)
            )
        bars.append(bar)
    width = LEFT + GAP + len(rows) * (BAR_WIDTH + GAP)
    return Chart(title=title, bars=bars, series=styled, maximum=maximum, width=max(width, 200))
