"""Input formats of veille.ingest.files: CSV, gzip of every format, the [ingest.fields] mapping,
gzip bombs, broken rows and wrong encodings. No model is loaded."""

from __future__ import annotations

import csv
import gzip
import io
import json
import tracemalloc
from datetime import date
from pathlib import Path

import pytest

from veille.errors import EmptyInput, InputTooLarge, UnreadableInput
from veille.ingest.files import article_format, article_from_record, count_inputs, is_article_file, read_inputs
from veille.models import Article, Failure
from veille.settings import FieldSettings, get_settings

TEXT = "Le Mali et le Niger ont signé un accord de défense à Niamey, a annoncé le gouvernement."
PLAIN = "Le Mali et le Niger ont signé un accord de défense à Niamey selon le gouvernement."  # no comma
TEXT2 = "La Russie a livré des hélicoptères au Burkina Faso, selon le ministère de la Défense."
HTML = ("<html><head><title>Niger : accord</title><meta property='article:published_time' "
        f"content='2025-03-14T10:00:00Z'></head><body><p>{TEXT}</p></body></html>")


def _read(*paths) -> list[Article | Failure]:
    return list(read_inputs([str(p) for p in paths]))


def _csv_text(rows: list[list[str]], delimiter: str = ",") -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\n").writerows(rows)
    return out.getvalue()


@pytest.fixture
def settings(tmp_path, monkeypatch):
    """Use these settings (TOML text) for the rest of the test."""

    def use(toml: str) -> None:
        path = tmp_path / "settings.toml"
        path.write_text(toml, "utf-8")
        monkeypatch.setenv("VEILLE_SETTINGS", str(path))
        get_settings.cache_clear()

    yield use
    monkeypatch.delenv("VEILLE_SETTINGS", raising=False)
    get_settings.cache_clear()


def test_files_format_of_names():
    assert article_format(Path("a/b.JSONL.gz")) == (".jsonl", True)
    assert article_format(Path("rapport.v2.txt")) == (".txt", False)
    assert article_format(Path("x.gz")) == ("", True)
    assert is_article_file(Path("a.csv.gz")) and is_article_file(Path("a.htm"))
    assert not is_article_file(Path("a.tar.gz")) and not is_article_file(Path("x.gold.json"))


# --- CSV -------------------------------------------------------------------------------------

def test_files_csv_one_article_per_row(tmp_path):
    p = tmp_path / "articles.csv"
    p.write_text(_csv_text([
        ["url", "title", "published", "source", "text"],
        ["https://x.ne/1", "Accord", "2025-03-14", "ActuNiger", TEXT],
        ["", "Livraison, « hélicoptères »", "14 mars 2025", "", 'Il a dit "oui".\n\n' + TEXT2],
    ]), "utf-8")
    a, b = _read(p)
    assert (a.text, a.title, a.url, a.published, a.source) == (TEXT, "Accord", "https://x.ne/1", date(2025, 3, 14),
                                                               "ActuNiger")
    assert a.path is None
    assert b.title == "Livraison, « hélicoptères »" and b.text == 'Il a dit "oui".\n\n' + TEXT2
    assert b.url is None and b.path == f"{p}:3" and b.published == date(2025, 3, 14)
    assert count_inputs([str(p)]) == 2


def test_files_csv_semicolon_bom_blank_lines_and_a_text_column_only(tmp_path):
    p = tmp_path / "excel.csv"
    p.write_bytes(b"\xef\xbb\xbftitre;text\r\n\r\nUn;" + TEXT.encode() + b"\r\nDeux;" + TEXT2.encode() + b"\r\n;\r\n")
    a, b = _read(p)  # the last row, all empty, is skipped
    assert (a.text, b.text) == (TEXT, TEXT2) and a.path.endswith(":3") and b.path.endswith(":4")
    single = tmp_path / "single.csv"
    single.write_text("text\n" + PLAIN + "\n" + f'"{TEXT}"\n', "utf-8")
    c, d = _read(single)
    assert (c.text, d.text) == (PLAIN, TEXT)


def test_files_csv_bad_rows_fail_alone_with_their_line(tmp_path, settings):
    settings("max_article_bytes = 2000\n")
    p = tmp_path / "bad.csv"
    p.write_text(
        "text,title\n"              # 1
        f"{PLAIN},Un\n"             # 2
        f"{PLAIN},Deux,extra\n"     # 3 one field too many
        "\n"                        # 4 blank
        "court,Trois\n"             # 5 too short a text
        f'"{TEXT}\n'                # 6 a quoted field over two lines (with commas)...
        f'{TEXT2}",Quatre\n'        # 7 ...fine
        f"{'x' * 3000},Cinq\n"      # 8 over max_article_bytes
        f"{PLAIN},Six\n"            # 9
        f'"{PLAIN},Sept\n',         # 10 a quote never closed
        "utf-8")
    items = _read(p)
    kinds = [(type(i).__name__, i.location if isinstance(i, Failure) else i.path) for i in items]
    assert kinds == [("Article", f"{p}:2"), ("Failure", f"{p}:3"), ("Failure", f"{p}:5"), ("Article", f"{p}:6"),
                     ("Failure", f"{p}:8"), ("Article", f"{p}:9"), ("Failure", f"{p}:10")]
    codes = [i.code for i in items if isinstance(i, Failure)]
    assert codes == [UnreadableInput.code, EmptyInput.code, InputTooLarge.code, UnreadableInput.code]
    assert "3 fields, the header has 2" in items[1].reason and "broken CSV row" in items[-1].reason
    assert items[3].text == f"{TEXT}\n{TEXT2}"
    assert count_inputs([str(p)]) == 7


def test_files_csv_without_text_column_is_one_failure(tmp_path):
    p = tmp_path / "no_text.csv"
    p.write_text(_csv_text([["title", "body"], ["Un", TEXT]]), "utf-8")
    [failure] = _read(p)
    assert isinstance(failure, Failure) and failure.location == str(p)
    assert "no text column" in failure.reason and "title, body" in failure.reason


def test_files_csv_encodings(tmp_path):
    latin = tmp_path / "latin.csv"
    latin.write_bytes(_csv_text([["text"], ["Le ministre a salué l’accord signé à Niamey."]]).encode("cp1252"))
    [a] = _read(latin)
    assert a.text == "Le ministre a salué l’accord signé à Niamey."
    mixed = tmp_path / "mixed.csv"  # one UTF-8 line, one Windows-1252 line
    mixed.write_bytes(b"text\n" + "Le président a été reçu à Bamako.\n".encode() +
                      "Le général a été reçu à Niamey.\n".encode("cp1252"))
    assert [i.text for i in _read(mixed)] == ["Le président a été reçu à Bamako.", "Le général a été reçu à Niamey."]
    utf16 = tmp_path / "utf16.csv"
    utf16.write_bytes(_csv_text([["text"], [TEXT]]).encode("utf-16"))
    [failure] = _read(utf16)
    assert failure.code == UnreadableInput.code and "binary" in failure.reason
    undecodable = tmp_path / "undecodable.csv"  # 0x81 is neither UTF-8 nor Windows-1252
    undecodable.write_bytes(b"text\n" + PLAIN.encode() + b"\n\x81\x81 " + PLAIN.encode("cp1252") + b"\n")
    good, bad = _read(undecodable)
    assert good.text == PLAIN and bad.location == f"{undecodable}:3" and "neither UTF-8" in bad.reason


# --- gzip ------------------------------------------------------------------------------------

def _gz(path: Path, data: bytes) -> Path:
    path.write_bytes(gzip.compress(data))
    return path


def test_files_gzip_of_every_format(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    _gz(folder / "a.txt.gz", f"Accord de défense\n\n{TEXT}".encode())
    _gz(folder / "b.html.gz", HTML.encode())
    _gz(folder / "c.jsonl.gz", (json.dumps({"text": TEXT, "url": "https://x.ne/1"}) + "\n\n" +
                                json.dumps({"text": TEXT2}) + "\n").encode())
    _gz(folder / "d.csv.gz", _csv_text([["text", "title"], [TEXT, "Un"], [TEXT2, "Deux"]]).encode("cp1252"))
    _gz(folder / "e.tar.gz", b"not an article")  # not read by a directory walk
    items = _read(folder)
    assert all(isinstance(i, Article) for i in items), items
    txt, html, j1, j2, c1, c2 = items
    assert (txt.title, txt.text, txt.path) == ("Accord de défense", TEXT, str(folder / "a.txt.gz"))
    assert (html.title, html.published, html.text) == ("Niger : accord", date(2025, 3, 14), TEXT)
    assert (j1.url, j2.path) == ("https://x.ne/1", f"{folder / 'c.jsonl.gz'}:3")
    assert (c1.title, c2.text, c2.path) == ("Un", TEXT2, f"{folder / 'd.csv.gz'}:3")
    assert count_inputs([str(folder)]) == 6


def test_files_gzip_size_limit_is_on_decompressed_bytes(tmp_path, settings):
    settings("max_article_bytes = 5000\n")
    small = _gz(tmp_path / "big.txt.gz", b"Le Mali. " * 1000)  # 9,000 bytes, 60 compressed
    [failure] = _read(small)
    assert failure.code == InputTooLarge.code and "once decompressed" in failure.reason
    lines = _gz(tmp_path / "lines.jsonl.gz", (json.dumps({"text": TEXT}) + "\n" + json.dumps({"text": "x" * 6000}) +
                                              "\n" + json.dumps({"text": TEXT2}) + "\n").encode())
    a, too_large, b = _read(lines)
    assert (a.text, b.text) == (TEXT, TEXT2) and too_large.code == InputTooLarge.code
    assert too_large.location == f"{lines}:2"


def test_files_gzip_bomb_stops_reading_with_bounded_memory(tmp_path):
    bomb = tmp_path / "bomb.jsonl.gz"
    with gzip.open(bomb, "wb") as handle:  # one good line, then 64 MB of spaces without a newline
        handle.write((json.dumps({"text": TEXT}) + "\n").encode())
        for _ in range(64):
            handle.write(b" " * (1 << 20))
    assert bomb.stat().st_size < 200_000
    tracemalloc.start()
    try:
        items = _read(bomb)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    article, failure = items
    assert article.text == TEXT
    assert failure.code == InputTooLarge.code and "gzip bomb" in failure.reason and f"{bomb}:2" in failure.reason
    assert peak < 3 * get_settings().max_article_bytes + (8 << 20), peak
    single = tmp_path / "bomb.txt.gz"
    with gzip.open(single, "wb") as handle:
        for _ in range(64):
            handle.write(b"Le Mali. " * (1 << 17))
    [failure] = _read(single)
    assert failure.code == InputTooLarge.code


def test_files_broken_gzip_data(tmp_path):
    data = gzip.compress((json.dumps({"text": TEXT}) + "\n").encode() * 2000)
    truncated = tmp_path / "cut.jsonl.gz"
    truncated.write_bytes(data[: len(data) // 2])
    items = _read(truncated)
    assert isinstance(items[-1], Failure) and "broken gzip data" in items[-1].reason
    assert all(isinstance(i, Article) for i in items[:-1])
    fake = tmp_path / "plain.txt.gz"
    fake.write_text(TEXT, "utf-8")
    [failure] = _read(fake)
    assert failure.code == UnreadableInput.code and "gzip" in failure.reason.lower()
    cut_txt = tmp_path / "cut.txt.gz"
    cut_txt.write_bytes(gzip.compress(TEXT.encode() * 50)[:-12])
    [failure] = _read(cut_txt)
    assert failure.code == UnreadableInput.code


def test_files_gzip_windows_1252_text(tmp_path):
    p = _gz(tmp_path / "latin.txt.gz", "Titre\n\nLe ministre a salué l'accord signé à Niamey.".encode("cp1252"))
    [a] = _read(p)
    assert "salué" in a.text


def test_files_binary_jsonl_is_one_failure(tmp_path):
    p = tmp_path / "image.jsonl"
    p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\n" * 50)
    [failure] = _read(p)
    assert failure.code == UnreadableInput.code and "binary" in failure.reason


# --- field mapping ---------------------------------------------------------------------------

def test_files_field_mapping_for_jsonl_and_csv(tmp_path, settings):
    settings('[ingest.fields]\ntext = "body"\ntitle = ["headline", "titre"]\nurl = "link"\npublished = "date"\n'
             'source = "site"\n')
    fields = get_settings().ingest.fields
    assert fields.text == ("body",) and fields.language == ("language",)  # unset fields keep their default
    j = tmp_path / "feed.jsonl"
    j.write_text(json.dumps({"body": TEXT, "headline": "Accord", "link": "https://x.ne/1", "date": "2025-03-14",
                             "site": "ActuNiger"}) + "\n" + json.dumps({"body": TEXT2, "titre": "Deux"}) + "\n"
                 + json.dumps({"text": TEXT}) + "\n", "utf-8")
    c = tmp_path / "feed.csv"
    c.write_text(_csv_text([["headline", "body", "date", "site", "link"], ["Accord", TEXT, "14 mars 2025", "ActuNiger",
                                                                          "https://x.ne/1"]]), "utf-8")
    a, b, unmapped, row = _read(j, c)
    for item in (a, row):
        assert (item.text, item.title, item.url, item.source) == (TEXT, "Accord", "https://x.ne/1", "ActuNiger")
        assert item.published == date(2025, 3, 14)
    assert (b.title, b.text) == ("Deux", TEXT2)
    assert isinstance(unmapped, Failure) and "'body' string" in unmapped.reason


def test_files_article_from_record_fields_argument_and_fallbacks():
    fields = FieldSettings(text=("contenu", "text"), source=("site",))
    a = article_from_record({"contenu": "", "text": TEXT, "site": "Sahel Tribune", "section": "X"}, "r:1",
                            fields=fields)
    assert (a.text, a.source, a.path) == (TEXT, "Sahel Tribune", "r:1")
    b = article_from_record({"text": TEXT, "section": "Politique", "published": date(2025, 1, 2)}, "r:2")
    assert (b.source, b.published) == ("Politique", date(2025, 1, 2))
    for given in ("2025-03-14T10:00:00Z", "2025-03-14T10:00:00+01:00", "14 mars 2025", "Fri, 14 Mar 2025 10:00 GMT"):
        assert article_from_record({"text": TEXT, "published": given}, "r").published == date(2025, 3, 14), given
    assert article_from_record({"text": TEXT, "published": "2025-13-45T00:00"}, "r").published is None
    with pytest.raises(EmptyInput):
        article_from_record({"text": ""}, "r:3")
    with pytest.raises(UnreadableInput, match="'text' string"):
        article_from_record(["not", "a", "record"], "r:4")


def test_files_bad_field_settings_are_refused(tmp_path, settings):
    from veille.errors import DataFileError
    from veille.settings import load_settings

    bad = tmp_path / "bad.toml"
    for toml in ('[ingest.fields]\nbody = "text"\n', '[ingest.fields]\ntext = []\n', '[ingest.fields]\ntext = 3\n'):
        bad.write_text(toml, "utf-8")
        with pytest.raises(DataFileError):
            load_settings(bad)
