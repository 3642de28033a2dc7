from datetime import date

import pytest

from veille.dates import find_dates, parse_date, publication_date


@pytest.mark.parametrize(
    ("text", "value", "precision"),
    [
        ("lit-on sur Apa ce 11 mai 2025..", "2025-05-11", "day"),
        ("le 1er janvier 2024 à Bamako", "2024-01-01", "day"),
        ("Le 29 février dernier", None, None),
        ("said on May 12, 2025 that", "2025-05-12", "day"),
        ("on 3rd March 2024", "2024-03-03", "day"),
        ("published 2025-03-14 20:30", "2025-03-14", "day"),
        ("en décembre 2023, la junte", "2023-12", "month"),
        ("in September 2019 talks", "2019-09", "month"),
        ("le 31 février 2024", None, None),
    ],
)
def test_dates_find_explicit(text, value, precision):
    found = find_dates(text)
    if value is None:
        assert not [d for d in found if d.precision == "day"]
    else:
        assert found[0].value == value
        assert found[0].precision == precision
        assert text[found[0].start : found[0].end]


def test_dates_publication_line_french_and_english():
    assert publication_date("Publié le lundi 12 mai 2025") == date(2025, 5, 12)
    assert publication_date("Published May 12, 2025") == date(2025, 5, 12)
    assert publication_date("Le 12 mai 2025, la Russie") is None


def test_dates_sa_is_not_saturday():
    assert parse_date("sa volonté de soutenir le Mali") is None
