"""The evaluation gate: scores on the gold sets may not drop below the pinned floors."""

import json

import pytest

from tests.conftest import GSR, ROOT, SEED_GOLD, shared_file
from veille.evaluate import evaluate

FLOORS = json.loads((ROOT / "tests" / "eval_floors.json").read_text("utf-8"))


def _check(path):
    report = evaluate(path)
    floor = FLOORS[path.name]
    overall = report.overall
    assert overall.f1 >= floor["f1"], f"{path.name}: F1 {overall.f1:.3f} < floor {floor['f1']}"
    assert overall.recall >= floor["recall"], f"{path.name}: recall {overall.recall:.3f} < floor {floor['recall']}"


@pytest.mark.model
def test_eval_gate_seed():
    _check(SEED_GOLD)


@pytest.mark.model
@pytest.mark.gold
def test_eval_gate_plover_gsr():
    _check(shared_file(GSR))


@pytest.mark.model
def test_eval_gate_french_dev_gold():
    _check(ROOT / "tests" / "gold" / "fr_dev.json")
