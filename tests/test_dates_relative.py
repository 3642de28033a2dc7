"""Event dates: explicit, day-and-month, and relative expressions resolved against publication
(Monday 12 May 2025). 60+ French and English expressions; no model loads."""

from datetime import date

import pytest

from veille.dates import event_date

PUB = date(2025, 5, 12)  # a Monday

CASES = [
    # French: explicit
    ("fr", "lit-on sur Apa ce 11 mai 2025..", "2025-05-11", "day"),
    ("fr", "le 1er janvier 2024 à Bamako", "2024-01-01", "day"),
    ("fr", "le 3 mars 2025, la junte", "2025-03-03", "day"),
    ("fr", "le 30 juin dernier", "2024-06-30", "day"),
    ("fr", "ce 11 mai", "2025-05-11", "day"),
    ("fr", "le 9 mai, à Moscou", "2025-05-09", "day"),
    ("fr", "mardi 6 mai", "2025-05-06", "day"),
    ("fr", "le 1er mai", "2025-05-01", "day"),
    ("fr", "le 13 mai", "2025-05-13", "day"),
    ("fr", "le 25 décembre", "2024-12-25", "day"),
    ("fr", "le 2 févr. 2025", "2025-02-02", "day"),
    ("fr", "en décembre 2023", "2023-12", "month"),
    ("fr", "en mai 2025", "2025-05", "month"),
    # French: relative
    ("fr", "hier à Bamako", "2025-05-11", "day"),
    ("fr", "Hier, le gouvernement", "2025-05-11", "day"),
    ("fr", "avant-hier", "2025-05-10", "day"),
    ("fr", "aujourd'hui", "2025-05-12", "day"),
    ("fr", "lundi dernier", "2025-05-05", "day"),
    ("fr", "mardi dernier", "2025-05-06", "day"),
    ("fr", "dimanche dernier", "2025-05-11", "day"),
    ("fr", "vendredi passé", "2025-05-09", "day"),
    ("fr", "ce lundi", "2025-05-12", "day"),
    ("fr", "samedi, les soldats", "2025-05-10", "day"),
    ("fr", "jeudi soir", "2025-05-08", "day"),
    ("fr", "mercredi", "2025-05-07", "day"),
    ("fr", "la semaine passée", "2025-05-05", "week"),
    ("fr", "la semaine dernière", "2025-05-05", "week"),
    ("fr", "cette semaine", "2025-05-12", "week"),
    ("fr", "il y a trois jours", "2025-05-09", "day"),
    ("fr", "il y a 3 jours", "2025-05-09", "day"),
    ("fr", "il y a deux jours", "2025-05-10", "day"),
    ("fr", "il y a un jour", "2025-05-11", "day"),
    ("fr", "il y a deux semaines", "2025-04-28", "week"),
    ("fr", "le mois dernier", "2025-04", "month"),
    ("fr", "le mois passé", "2025-04", "month"),
    ("fr", "l'an dernier", "2024", "year"),
    ("fr", "l'année dernière", "2024", "year"),
    ("fr", "l’année passée", "2024", "year"),
    # English: explicit
    ("en", "said on May 12, 2025 that", "2025-05-12", "day"),
    ("en", "on 3rd March 2024", "2024-03-03", "day"),
    ("en", "published 2025-03-14 20:30", "2025-03-14", "day"),
    ("en", "on May 9", "2025-05-09", "day"),
    ("en", "on 9 May", "2025-05-09", "day"),
    ("en", "on June 30", "2025-06-30", "day"),  # 7 weeks ahead: the coming one, not last year's
    ("en", "signed on October 3", "2024-10-03", "day"),  # 5 months ahead: last year's
    ("fr", "attendu le 16 juillet prochain", "2025-07-16", "day"),
    ("fr", "le 20 mai dernier", "2024-05-20", "day"),
    ("fr", "le 2 janvier prochain", "2026-01-02", "day"),
    ("en", "in September 2019 talks", "2019-09", "month"),
    # English: relative
    ("en", "yesterday", "2025-05-11", "day"),
    ("en", "Yesterday, troops", "2025-05-11", "day"),
    ("en", "the day before yesterday", "2025-05-10", "day"),
    ("en", "today", "2025-05-12", "day"),
    ("en", "on Tuesday", "2025-05-06", "day"),
    ("en", "on Sunday", "2025-05-11", "day"),
    ("en", "last Tuesday", "2025-05-06", "day"),
    ("en", "last Monday", "2025-05-05", "day"),
    ("en", "on Friday night", "2025-05-09", "day"),
    ("en", "last week", "2025-05-05", "week"),
    ("en", "earlier this week", "2025-05-12", "week"),
    ("en", "three days ago", "2025-05-09", "day"),
    ("en", "3 days ago", "2025-05-09", "day"),
    ("en", "two days ago", "2025-05-10", "day"),
    ("en", "two weeks ago", "2025-04-28", "week"),
    ("en", "last month", "2025-04", "month"),
    ("en", "last year", "2024", "year"),
]


@pytest.mark.parametrize(("lang", "text", "value", "precision"), CASES)
def test_dates_event_date_expressions(lang, text, value, precision):
    found = event_date(text, PUB, lang)
    assert found is not None, text
    assert (found.value, found.precision) == (value, precision)
    assert text[found.start : found.end]
    assert found.how


def test_dates_at_least_sixty_expressions():
    assert len(CASES) >= 60
    assert {lang for lang, *_ in CASES} == {"fr", "en"}


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("fr", "sa volonté de soutenir le Mali"),
        ("fr", "Le ministre a salué l'initiative"),
        ("en", "The minister welcomed the initiative"),
        ("fr", "le 31 février"),
    ],
)
def test_dates_event_date_none_when_nothing_said(lang, text):
    assert event_date(text, PUB, lang) is None


def test_dates_relative_needs_publication():
    assert event_date("hier", None, "fr") is None
    assert event_date("le 11 mai 2025", None, "fr").value == "2025-05-11"


def test_dates_first_expression_wins():
    found = event_date("hier, après la réunion de lundi dernier", PUB, "fr")
    assert found.value == "2025-05-11"


def test_a_29_february_with_no_next_or_last_one_still_gets_a_date():
    # "prochain" with no 29 February ahead, "dernier" with none behind: no crash, the nearest one
    assert event_date("le 29 février prochain", date(2024, 3, 1), "fr").value == "2024-02-29"
    assert event_date("le 29 février dernier", date(2023, 3, 1), "fr").value == "2024-02-29"
