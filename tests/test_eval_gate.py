"""The evaluation gate: scores on the gold sets (event F1 and recall, and actor-code accuracy per
role and code kind) may not drop below the pinned floors."""

import json

import pytest

from tests.conftest import GSR, ROOT, SEED_GOLD, shared_file
from veille.actors.evaluate import actor_report
from veille.evaluate import evaluate

FLOORS = json.loads((ROOT / "tests" / "eval_floors.json").read_text("utf-8"))


def _check(path):
    report = evaluate(path)
    floor = FLOORS[path.name]
    overall = report.overall
    assert overall.f1 >= floor["f1"], f"{path.name}: F1 {overall.f1:.3f} < floor {floor['f1']}"
    assert overall.recall >= floor["recall"], f"{path.name}: recall {overall.recall:.3f} < floor {floor['recall']}"
    if "type_accuracy" in floor:
        assert overall.type_accuracy >= floor["type_accuracy"], \
            f"{path.name}: event-type accuracy {overall.type_accuracy:.3f} < floor {floor['type_accuracy']}"
    if "date_accuracy" in floor:
        assert overall.date_accuracy >= floor["date_accuracy"], \
            f"{path.name}: date accuracy {overall.date_accuracy:.3f} < floor {floor['date_accuracy']}"
    actors = actor_report(path)
    for role, kinds in floor.get("actors", {}).items():
        for kind, minimum in kinds.items():
            got = actors.cell(role, kind).accuracy
            assert got >= minimum, f"{path.name}: {role} actor accuracy ({kind}) {got:.3f} < floor {minimum}"


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
