"""Datelines at the start of wire copy give the publication date, years inferred when left out."""

from datetime import date

import pytest

from veille.ingest.text import article_from_text, dateline_date


@pytest.mark.parametrize("text,reference,expected", [
    ("29 mai 2012. - Le gouvernement a annoncé", None, date(2012, 5, 29)),
    ("Moscou, 11 mai 2025 (APA) - La Russie a accueilli", None, date(2025, 5, 11)),
    ("BAMAKO, 11 mai (APA) - Le ministre a déclaré que la réunion du 11 mai 2025 était utile", None,
     date(2025, 5, 11)),
    ("BAMAKO, 11 mai (APA) - Le ministre a parlé.", date(2025, 5, 12), date(2025, 5, 11)),
    ("NIAMEY, 30 décembre (AFP) — Les soldats", date(2026, 1, 2), date(2025, 12, 30)),  # across new year
    ("DAKAR, May 3 (Reuters) - Senegal's president", date(2024, 5, 4), date(2024, 5, 3)),
    ("May 3, 2024 - The talks", None, date(2024, 5, 3)),
    ("Ouagadougou, le 1er juin 2023 – Le capitaine", None, date(2023, 6, 1)),
    ("22 août 2012, Espagne. - Le Parti populaire a exclu", None, date(2012, 8, 22)),  # place after the date
    ("BAMAKO, 11 mai (APA) - Aucune autre date ici.", None, None),  # no year anywhere: no guess
    ("Mali : 12 morts dans une attaque - bilan", None, None),
    ("Le 3 mai 2024, il a dit", None, None),  # a date in a sentence is not a dateline
    ("BAMAKO, 31 février (APA) - x", date(2025, 3, 1), None),
])
def test_dateline_dates(text, reference, expected):
    assert dateline_date(text, reference) == expected


def test_dateline_gives_the_article_date_when_nothing_else_does():
    article = article_from_text("Sahel : réunion\n\nBAMAKO, 11 mai (APA) - Les ministres réunis le 10 mai 2025 ont "
                                "signé un accord.")
    assert article.published == date(2025, 5, 11)
