"""How fast the importer reads minutes: 10 pages (about 30 000 characters) of each shape.

    .venv/bin/python bench/parse_speed.py

Issue 9 asks for under 0.2 s for 10 pages. Prints the median of 7 runs per text.
"""

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from minutes.parsing import parse_minutes  # noqa: E402

PAGE = 3000  # characters of a printed A4 page of minutes


def ten_pages(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    return (text + "\n\n") * max(1, (10 * PAGE) // max(len(text), 1) + 1)


def main() -> None:
    sources = sorted((ROOT / "minutes" / "demo").glob("*.txt")) + sorted(
        (ROOT / "tests" / "fixtures" / "corpus").glob("*.txt")
    )
    worst = 0.0
    for path in sources:
        text = ten_pages(path)
        times = []
        for _ in range(7):
            start = time.perf_counter()
            parse_minutes(text)
            times.append(time.perf_counter() - start)
        median = statistics.median(times)
        worst = max(worst, median)
        print(f"{path.name[:45]:45s} {len(text):7d} chars  {median * 1000:7.1f} ms")
    print(f"slowest: {worst * 1000:.1f} ms for 10 pages (target < 200 ms)")


if __name__ == "__main__":
    main()
