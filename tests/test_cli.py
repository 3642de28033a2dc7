"""The `veille` command as users and checks call it."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import SAMPLES, SEED, SEED_GOLD
from veille.cli import main
from veille.schema import validate_record

pytestmark = pytest.mark.model

JAPANESE = "日本政府は月曜日、ロシアとの首脳会談を開くと発表した。両国の外相も出席する予定だ。"


def test_cli_code_jsonl_records_validate_and_cite_the_given_path(capsys):
    assert main(["code", str(SEED)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) >= 5
    for line in lines:
        rec = json.loads(line)
        validate_record(rec)
        assert rec["cite_info"]["path"] == str(SEED)


def test_cli_code_table(capsys):
    assert main(["code", "--format", "table", str(SEED)]) == 0
    out = capsys.readouterr().out
    assert "CONSULT/visit" in out and "RUS GOV" in out


def test_cli_code_garbage_reports_each_file_and_goes_on(tmp_path, capsys):
    (tmp_path / "bin.txt").write_bytes(bytes(range(256)) * 10)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "big.txt").write_bytes(b"Le Mali. " * 5_600_000)  # 50 MB
    (tmp_path / "ja.txt").write_text(JAPANESE, "utf-8")
    paths = [str(tmp_path / n) for n in ("bin.txt", "empty.txt", "big.txt", "ja.txt")] + [str(SEED)]
    assert main(["code", *paths]) == 1
    captured = capsys.readouterr()
    assert len(captured.out.splitlines()) >= 5  # the seed was still coded
    for name in ("bin.txt", "empty.txt", "big.txt", "ja.txt"):
        assert name in captured.err
    assert captured.err.count("veille: skipped") == 4


def test_cli_code_stdin():
    text = "Titre\n\nLe Mali a condamné la France.\n"
    proc = subprocess.run([sys.executable, "-m", "veille", "code", "--lang", "fr", "-"], input=text.encode(),
                          capture_output=True, check=True)
    [rec] = [json.loads(line) for line in proc.stdout.splitlines()]
    assert rec["event"] == "ACCUSE" and rec["cite_info"]["path"] == "-"


def test_cli_run_is_idempotent_and_events_query(tmp_path, capsys):
    db = str(tmp_path / "v.db")
    assert main(["run", "--quiet", "--db", db, str(SAMPLES)]) == 0
    first = capsys.readouterr().out
    assert main(["run", "--quiet", "--db", db, str(SAMPLES)]) == 0
    second = capsys.readouterr().out
    assert "(0 new)" in second and first.split("now holds")[1] == second.split("now holds")[1]
    assert main(["events", "--db", db, "--actor", "RUS", "--type", "CONSULT"]) == 0
    recs = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert recs and all(r["event"] == "CONSULT" for r in recs)
    assert all("RUS" in {a["code"] for a in r["actor"] + r["recipient"]} for r in recs)
    assert main(["events", "--db", db, "--actor", "AES", "--format", "table"]) == 0
    assert "IGO" in capsys.readouterr().out


def test_cli_run_records_failures(tmp_path, capsys):
    db = str(tmp_path / "v.db")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    assert main(["run", "--quiet", "--db", db, str(tmp_path / "in")]) == 1
    assert main(["failures", "--db", db]) == 0
    assert "empty.txt\tE102" in capsys.readouterr().out


def test_cli_eval_seed(capsys):
    assert main(["eval", "--json", str(SEED_GOLD)]) == 0
    [report] = json.loads(capsys.readouterr().out)
    assert report["scores"]["ALL"]["recall"] >= 5 / 6


def test_cli_usage_error_exit_status(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["code", "--published", "yesterday", str(SEED)])
    assert exc.value.code == 2
