"""The importer on real minutes of other bodies (tests/fixtures/corpus, hand-checked like the
seeds): none refused, mean F1 at least 0.90, none below 0.70, scored as ../shared/tools does."""

import contextlib
import datetime
import importlib.util
import io
import json
from pathlib import Path

import pytest

from minutes.parsing import parse_minutes

# the scorer is the shared tool as it is (it leaves its files to the garbage collector)
pytestmark = [
    pytest.mark.filterwarnings("ignore::ResourceWarning"),
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
CORPUS = FIXTURES / "corpus"
FILES = sorted(p.stem for p in (CORPUS / "expected").glob("*.json"))


def _scorer():
    spec = importlib.util.spec_from_file_location("score_import", FIXTURES / "score_import.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def score(stem: str, tmp_path: Path) -> float:
    expected_path = CORPUS / "expected" / f"{stem}.json"
    dates = json.loads(expected_path.read_text(encoding="utf-8")).get("dates") or ["2000-01-01"]
    parsed = parse_minutes(
        (CORPUS / f"{stem}.txt").read_text(encoding="utf-8"),
        first_date=datetime.date.fromisoformat(dates[0]),
    )
    actual = tmp_path / f"{stem}.json"
    actual.write_text(json.dumps(parsed.to_dict(), ensure_ascii=False), encoding="utf-8")
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        _scorer().main(str(expected_path), str(actual))
    return float(out.getvalue().rsplit("f1=", 1)[1])


def test_corpus_has_the_seventeen_files():
    assert len(FILES) == 17


@pytest.mark.parametrize("stem", FILES)
def test_corpus_file_is_read_not_refused_and_scores_at_least_0_70(stem, tmp_path):
    assert score(stem, tmp_path) >= 0.70


def test_corpus_mean_f1_at_least_0_90(tmp_path):
    scores = [score(stem, tmp_path) for stem in FILES]

    assert sum(scores) / len(scores) >= 0.90
