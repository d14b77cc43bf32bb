"""Small server-rendered bar charts (SVG drawn by templates/charts/bars.svg): no chart library.

chart = stacked_bars(
    [("2023", {"beslut": 2, "ställningstagande": 1}), ("2024", {"beslut": 1})],
    series=[("beslut", "Beslut"), ("ställningstagande", "Ställningstagande")],
    title="Beslut per år och typ",
    axis_label="Antal beslut",
    link=lambda label, key: f"/beslut/?year={label}&kind={key}",
)
{% include "charts/bars.svg" with chart=chart id="beslut-per-ar" %}

The y axis has "nice" steps (1, 2, 5, 10, 20, 50 ...) with a labelled tick at each; a bar (or a
segment of a stacked bar) may be a link; the legend lists only the series that have data. The
SVG scales down with the page (viewBox), and every chart has its data in words as well.
"""

import math
from collections.abc import Callable
from dataclasses import dataclass, field

PLOT_HEIGHT = 180
TOP = 28  # room for the value above the tallest bar
LEFT = 64  # room for the tick labels ("100 %") and the axis label
BOTTOM = 30
MIN_WIDTH = 480  # narrower charts are stretched: a few years still make a readable chart
MAX_BAR_WIDTH = 56
SLOT = 80  # a bar and the space beside it, when there are many
MAX_TICKS = 5


@dataclass
class Segment:
    key: str
    label: str
    value: int
    y: float
    height: float
    css_class: str
    url: str = ""


@dataclass
class Bar:
    label: str
    total: int
    x: float
    width: float
    segments: list[Segment] = field(default_factory=list)
    note: str = ""  # written above the bar: "3 av 4 möten, 75 %"
    top: float = 0.0

    @property
    def label_x(self) -> float:
        return round(self.x + self.width / 2, 1)

    @property
    def drawn(self) -> list[Segment]:
        return [segment for segment in self.segments if segment.value]

    @property
    def value_y(self) -> float:
        return round(self.top - 6, 1)


@dataclass
class Tick:
    value: int
    y: float
    label: str


@dataclass
class Chart:
    title: str
    bars: list[Bar]
    series: list[tuple[str, str, str]]  # key, label, css class: only series with data
    maximum: int
    ticks: list[Tick]
    axis_label: str
    width: int
    height: int = TOP + PLOT_HEIGHT + BOTTOM
    baseline: int = TOP + PLOT_HEIGHT
    left: int = LEFT
    unit: str = ""
    show_legend: bool = False

    @property
    def series_keys(self) -> list[str]:
        return [key for key, _label, _css in self.series]

    @property
    def has_links(self) -> bool:
        return any(segment.url for bar in self.bars for segment in bar.segments)

    @property
    def description(self) -> str:
        """The chart's data in words, for screen readers."""
        parts = []
        for bar in self.bars:
            if bar.note:
                parts.append(f"{bar.label}: {bar.note}")
                continue
            detail = ", ".join(f"{s.label} {s.value}" for s in bar.segments if s.value)
            parts.append(f"{bar.label}: {bar.total}" + (f" ({detail})" if detail else ""))
        return "; ".join(parts) + "."

    @property
    def axis_label_x(self) -> int:
        return 14

    @property
    def axis_label_y(self) -> float:
        return TOP + PLOT_HEIGHT / 2

    @property
    def tick_x(self) -> int:
        return self.left - 6


def nice_step(maximum: int, max_ticks: int = MAX_TICKS) -> int:
    """The smallest of 1, 2, 5, 10, 20, 50 ... that reaches maximum in at most max_ticks steps."""
    if maximum <= max_ticks:
        return 1
    magnitude = 10 ** math.floor(math.log10(maximum / max_ticks))
    for factor in (1, 2, 5, 10):
        if maximum / (factor * magnitude) <= max_ticks:
            return factor * magnitude
    return 10 * magnitude  # pragma: no cover - 10 always reaches it


def axis(maximum: int, *, step: int | None = None, unit: str = "") -> tuple[int, list[int]]:
    """(top of the axis, tick values from 0): the axis ends on the first tick at or above
    maximum, so the tallest bar never sticks out and the top tick is a round number."""
    step = step or nice_step(max(maximum, 1))
    top = max(step, math.ceil(maximum / step) * step)
    return top, list(range(0, top + 1, step))


def stacked_bars(
    rows,
    *,
    series,
    title: str,
    axis_label: str = "",
    link: Callable[[str, str], str] | None = None,
    notes: dict[str, str] | None = None,
    maximum: int | None = None,
    step: int | None = None,
    unit: str = "",
) -> Chart:
    """rows: [(label, {series key: value})]; series: [(key, label)] in stacking order.
    link(label, key) gives a segment's address; notes[label] a text over the bar; maximum and
    step fix the axis (a share: 100 in steps of 25), unit follows each tick ("%")."""
    tallest = max([sum(values.values()) for _, values in rows] or [0])
    top, tick_values = axis(max(tallest, maximum or 0), step=step)
    scale = PLOT_HEIGHT / top
    with_data = {key for _, values in rows for key, value in values.items() if value}
    styled = [(key, label, f"series-{index}") for index, (key, label) in enumerate(series)]
    width = max(MIN_WIDTH, LEFT + len(rows) * SLOT)
    slot = (width - LEFT) / max(len(rows), 1)
    bar_width = round(min(MAX_BAR_WIDTH, slot * 0.6), 1)
    bars = []
    for index, (label, values) in enumerate(rows):
        label = str(label)
        bar = Bar(
            label=label,
            total=sum(values.values()),
            x=round(LEFT + index * slot + (slot - bar_width) / 2, 1),
            width=bar_width,
            note=(notes or {}).get(label, ""),
        )
        y = TOP + PLOT_HEIGHT
        for key, series_label, css_class in styled:
            value = values.get(key, 0)
            height = value * scale
            y -= height
            bar.segments.append(
                Segment(
                    key,
                    series_label,
                    value,
                    round(y, 1),
                    round(height, 1),
                    css_class,
                    url=link(label, key) if link and value else "",
                )
            )
        bar.top = round(y, 1)
        bars.append(bar)
    ticks = [
        Tick(value, round(TOP + PLOT_HEIGHT - value * scale, 1), f"{value}{unit}")
        for value in tick_values
    ]
    return Chart(
        title=title,
        bars=bars,
        series=[s for s in styled if s[0] in with_data],
        maximum=top,
        ticks=ticks,
        axis_label=axis_label,
        width=int(width),
        unit=unit,
        show_legend=len(series) > 1 and bool(with_data),
    )
