import json
from datetime import date

from tests.conftest import SEED
from veille.errors import EmptyInput, InputTooLarge, UnreadableInput
from veille.ingest import read_inputs
from veille.ingest.text import article_from_text
from veille.models import Article, Failure


def _read(*paths):
    return list(read_inputs([str(p) for p in paths]))


def test_ingest_seed_header_gives_title_source_and_date():
    [article] = _read(SEED)
    assert isinstance(article, Article)
    assert article.title.startswith("Russie–AES : une alliance militaire")
    assert article.source == "abamako.com"
    assert article.published == date(2025, 5, 12)
    assert "Publié le" not in article.text
    assert article.text.startswith("Russie–AES")


def test_ingest_text_title_and_english_published_line():
    a = article_from_text("Talks in Geneva\nPublished May 3, 2024\n\nThe two sides met on Friday.")
    assert (a.title, a.published) == ("Talks in Geneva", date(2024, 5, 3))
    assert a.text == "The two sides met on Friday."


def test_ingest_text_dateline_gives_date():
    a = article_from_text("29 mai 2012. - Un postier a été retrouvé mort.")
    assert a.published == date(2012, 5, 29)


def test_ingest_published_argument_wins(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("Titre\n\nLe Mali et le Niger ont signé un accord de défense ce matin.", "utf-8")
    [a] = list(read_inputs([str(p)], published=date(2020, 1, 2)))
    assert a.published == date(2020, 1, 2)
    assert a.path == str(p)


def test_ingest_html_title_paragraphs_and_dateline(tmp_path):
    p = tmp_path / "page.html"
    p.write_text(
        "<html><head><title>Mali : un accord</title><script>alert(1)</script></head><body>"
        "<p>2 juillet 2012. - Le Mali a signé un accord.</p><p>Second paragraphe.</p></body></html>",
        "utf-8",
    )
    [a] = _read(p)
    assert a.title == "Mali : un accord"
    assert a.published == date(2012, 7, 2)
    assert "alert" not in a.text and "Second paragraphe." in a.text


def test_ingest_jsonl_bad_line_fails_alone(tmp_path):
    p = tmp_path / "a.jsonl"
    good = {"text": "The United States and Jordan agreed on a new trade pact.", "url": "http://x/1",
            "published": "2024-05-01 10:00:00Z", "title": "Pact"}
    p.write_text(json.dumps(good) + "\n{broken\n" + json.dumps({"title": "no text"}) + "\n", "utf-8")
    items = _read(p)
    assert isinstance(items[0], Article) and items[0].url == "http://x/1"
    assert items[0].published == date(2024, 5, 1)
    assert [type(i) for i in items[1:]] == [Failure, Failure]
    assert items[1].location.endswith(":2") and items[2].location.endswith(":3")


def test_ingest_garbage_gives_one_failure_each(tmp_path):
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 50)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    huge = tmp_path / "huge.txt"
    huge.write_bytes(b"Le Mali. " * 150_000)
    good = tmp_path / "good.txt"
    good.write_text("Titre\n\nLa Russie a accueilli les ministres du Mali.", "utf-8")
    items = _read(binary, empty, huge, good, tmp_path / "missing.txt")
    codes = [getattr(i, "code", "ok") for i in items]
    assert codes == [UnreadableInput.code, EmptyInput.code, InputTooLarge.code, "ok", UnreadableInput.code]
    assert "binary" in items[0].reason and "limit" in items[2].reason


def test_ingest_windows_1252_is_decoded(tmp_path):
    p = tmp_path / "latin.txt"
    p.write_bytes("Titre\n\nLe ministre a salué l'accord signé à Niamey.".encode("cp1252"))
    [a] = _read(p)
    assert "salué" in a.text


def test_ingest_directory_walk_reads_article_files_only(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("Titre\n\nLe Mali a signé un accord avec le Niger.", "utf-8")
    (tmp_path / "notes.md").write_text("# not an article", "utf-8")
    (tmp_path / "x.gold.json").write_text("{}", "utf-8")
    items = _read(tmp_path)
    assert len(items) == 1 and items[0].path.endswith("a.txt")
