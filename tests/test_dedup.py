"""Canonical URLs and near-duplicate fingerprints (veille.ingest.dedup): no database, no model."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT
from veille.ingest.dedup import (
    BANDS,
    MIN_WORDS,
    NUM_PERM,
    ROWS,
    THRESHOLD,
    Fingerprint,
    canonical_url,
    fingerprint,
    is_near_duplicate,
    lsh_keys,
    normalise,
    similarity,
)

# A wire story in the style of the agencies (written for these tests), and another story on the
# same topic with the same actors and different facts.
STORY = [
    "Niamey, 14 mars 2025 (AFP) – L’armée nigérienne a annoncé vendredi avoir « neutralisé » une trentaine de "
    "combattants jihadistes lors d’une opération menée mardi et mercredi dans la région de Tillabéri, dans l’ouest "
    "du pays, près de la frontière avec le Mali et le Burkina Faso.",
    "Selon un communiqué du ministère de la Défense lu à la télévision nationale, les soldats de l’opération "
    "Garkoua ont détruit deux bases logistiques de l’État islamique au Sahel (EI-Sahel) dans le département "
    "d’Abala et saisi une quinzaine de motos, des armes et des munitions.",
    "Trois militaires nigériens ont été blessés au cours des combats et évacués vers Niamey, précise le texte, "
    "qui ne fait état d’aucune victime civile. Ces chiffres n’ont pas pu être vérifiés de source indépendante.",
    "La zone dite des « trois frontières », entre le Niger, le Mali et le Burkina Faso, est depuis des années le "
    "théâtre d’attaques meurtrières attribuées à l’EI-Sahel et au Groupe de soutien à l’islam et aux musulmans "
    "(GSIM, lié à Al-Qaïda).",
    "Arrivé au pouvoir par un coup d’État en juillet 2023, le général Abdourahamane Tiani a fait de la lutte "
    "contre les groupes armés sa priorité. Niamey a rompu avec l’ancienne puissance coloniale française et s’est "
    "rapproché de la Russie.",
    "Le Niger, le Mali et le Burkina Faso, tous trois dirigés par des militaires, ont formé l’Alliance des États "
    "du Sahel (AES) et annoncé en janvier la création d’une force unifiée de 5 000 hommes pour combattre les "
    "jihadistes.",
    "Au moins 1 500 civils et militaires ont été tués au Niger en 2024, selon l’ONG Acled, qui recense les "
    "victimes des conflits dans le monde.",
]
OTHER = [
    "Niamey, 21 mars 2025 (AFP) – Au moins douze soldats nigériens ont été tués jeudi dans une embuscade tendue "
    "par des hommes armés contre un convoi de ravitaillement dans la région de Tillabéri, a indiqué samedi le "
    "ministère de la Défense.",
    "Le convoi, qui escortait des camions de vivres vers la ville de Téra, est tombé dans un guet-apens près du "
    "village de Bankilaré, selon le communiqué, qui attribue l’attaque à « des terroristes » venus du Burkina "
    "Faso voisin.",
    "Une vingtaine d’assaillants ont été tués lors de la riposte, appuyée par des drones de l’armée de l’air, et "
    "plusieurs véhicules ont été récupérés, affirme le ministère. Huit militaires blessés ont été transportés à "
    "l’hôpital de Niamey.",
    "L’attaque n’a pas été revendiquée, mais l’État islamique au Sahel (EI-Sahel) est très actif dans ce secteur "
    "proche des frontières du Mali et du Burkina Faso.",
    "Le régime du général Abdourahamane Tiani, qui a renversé le président élu Mohamed Bazoum en juillet 2023, a "
    "décrété trois jours de deuil national. Les autorités avaient promis de rétablir la sécurité dans l’ouest du "
    "pays.",
    "Les trois pays de l’Alliance des États du Sahel (AES), qui ont quitté la Communauté économique des États de "
    "l’Afrique de l’Ouest (Cédéao) en janvier, accusent la France de soutenir les groupes jihadistes, ce que "
    "Paris dément.",
]
BASE = "\n\n".join(STORY)


def _plain_typography(text: str) -> str:
    return (text.replace("’", "'").replace("« ", '"').replace(" »", '"').replace("–", "-")
            .replace("État", "Etat").replace("\u00a0", " "))


COPIES = {
    # another agency's header and copyright footer, another title
    "apa": "APA-Niamey (Niger) – Tillabéri : une trentaine de terroristes neutralisés par l’armée\n\n" + BASE
    + "\n\n© Agence de Presse Africaine (APA) – Tous droits réservés. Reproduction interdite sans autorisation.",
    # a site's breadcrumb, byline and share links; the fifth paragraph dropped
    "site": "Accueil > Afrique > Sécurité\nPublié le 14 mars 2025 à 10h32 | Par La Rédaction\n\n"
    + "\n\n".join(STORY[:4] + STORY[5:])
    + "\n\nLire aussi : Mali : la junte dissout les partis politiques\nPartagez cet article : Facebook Twitter",
    # straight quotes and apostrophes, hyphens, no accents on capitals
    "typography": _plain_typography(BASE),
    # all at once: header, a paragraph dropped, plain typography, footer
    "all": "SAHEL / SÉCURITÉ\n\n" + _plain_typography("\n\n".join(STORY[:2] + STORY[3:])) + "\n\n(c) APA",
}


def test_dedup_lsh_parameters_are_datasketch_optimum():
    from datasketch.lsh import _optimal_param

    assert (BANDS, ROWS) == _optimal_param(0.5, NUM_PERM, 0.5, 0.5)
    assert BANDS * ROWS <= NUM_PERM


def test_dedup_normalise_folds_case_accents_punctuation_and_typography():
    assert normalise("L’Armée « a dit »") == normalise("l'armee \"A DIT\"") == ["l", "armee", "a", "dit"]
    assert normalise("ﬁn_de_l’ÉTÉ—2025") == ["fin", "de", "l", "ete", "2025"]  # NFKC ligature, underscores


@pytest.mark.parametrize("name", sorted(COPIES))
def test_dedup_wire_copies_are_near_duplicates(name):
    base, copy = fingerprint(BASE), fingerprint(COPIES[name])
    assert similarity(base, copy) >= 0.6, similarity(base, copy)
    assert is_near_duplicate(base, copy) and is_near_duplicate(copy, base)
    assert set(lsh_keys(base)) & set(lsh_keys(copy)), "a copy must be an LSH candidate"


def test_dedup_other_story_on_same_topic_is_not_a_duplicate():
    base, other = fingerprint(BASE), fingerprint("\n\n".join(OTHER))
    assert similarity(base, other) < 0.1
    assert not is_near_duplicate(base, other)
    assert not set(lsh_keys(base)) & set(lsh_keys(other))
    for copy in COPIES.values():
        assert not is_near_duplicate(fingerprint(copy), other)


def test_dedup_short_texts_need_the_same_words():
    brief = "Niamey, 14 mars 2025 (AFP) – Le Niger a rappelé son ambassadeur à Abidjan pour consultations."
    other = "Niamey, 14 mars 2025 (AFP) – Le Niger a rappelé son ambassadeur à Cotonou pour consultations."
    a, b = fingerprint(brief), fingerprint(other)
    assert a.words < MIN_WORDS
    assert similarity(a, b) >= THRESHOLD  # the shared dateline and phrasing alone
    assert not is_near_duplicate(a, b)
    assert is_near_duplicate(a, fingerprint(_plain_typography(brief).upper()))
    empty = fingerprint(" — ")
    assert empty.words == 0 and not is_near_duplicate(empty, fingerprint(""))
    assert not is_near_duplicate(a, fingerprint(BASE))


def test_dedup_threshold_argument():
    base, site = fingerprint(BASE), fingerprint(COPIES["site"])
    assert is_near_duplicate(base, site, threshold=THRESHOLD)
    assert not is_near_duplicate(base, site, threshold=0.99)


def test_dedup_bytes_round_trip_and_lsh_keys_fit_bigint():
    fp = fingerprint(BASE)
    data = fp.to_bytes()
    assert isinstance(data, bytes) and len(data) == 10 + 4 * NUM_PERM
    back = Fingerprint.from_bytes(data)
    assert back == fp and back.words == fp.words and similarity(back, fp) == 1.0
    assert lsh_keys(back) == lsh_keys(fp)
    keys = lsh_keys(fp)
    assert [band for band, _ in keys] == list(range(BANDS))
    assert all(isinstance(b, int) and 0 <= b < 2**63 for _, b in keys)
    assert fp.minhash.jaccard(fingerprint(COPIES["apa"]).minhash) == similarity(fp, fingerprint(COPIES["apa"]))
    for bad in (b"", b"XYZ" + data[3:], data[:-1], data[:3] + bytes([99]) + data[4:]):
        with pytest.raises(ValueError):
            Fingerprint.from_bytes(bad)


_CHILD = """
import json, sys
from veille.ingest.dedup import fingerprint, lsh_keys
fp = fingerprint(sys.stdin.read())
print(json.dumps({"bytes": fp.to_bytes().hex(), "keys": lsh_keys(fp)}))
"""


def test_dedup_signatures_are_stable_across_processes():
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    out = subprocess.run([sys.executable, "-c", _CHILD], input=BASE, capture_output=True, text=True, check=True,
                         cwd=ROOT, env=env).stdout
    child = json.loads(out)
    fp = fingerprint(BASE)
    assert bytes.fromhex(child["bytes"]) == fp.to_bytes()
    assert [tuple(k) for k in child["keys"]] == lsh_keys(fp)


def test_dedup_signature_is_pinned():
    # Fails when the normalisation, shingles, seed or hashing change: then bump dedup.SCHEME
    # (stored fingerprints must be recomputed) and update this value.
    digest = hashlib.sha1(fingerprint(BASE).to_bytes()).hexdigest()
    assert digest == "2e693b4c7747fbf2534261a9dd16fab919015723"


@pytest.mark.parametrize(("url", "canonical"), [
    ("HTTP://WWW.LeMonde.FR:80/afrique/article/2025/03/14/niger_123.html?utm_source=twitter&utm_medium=social"
     "#comments", "https://lemonde.fr/afrique/article/2025/03/14/niger_123.html"),
    ("https://www.abamako.com/news/n123.html?xtor=RSS-8&at_medium=email&fbclid=IwAR0x&gclid=abc",
     "https://abamako.com/news/n123.html"),
    ("https://m.actuniger.com/politique/456-titre.html", "https://actuniger.com/politique/456-titre.html"),
    ("https://example.com/a/?b=2&a=1&a=0", "https://example.com/a?a=1&a=0&b=2"),
    ("https://example.com/", "https://example.com/"),
    ("https://example.com", "https://example.com/"),
    ("https://www.bbc.com/afrique/articles/c4nn.amp", "https://bbc.com/afrique/articles/c4nn"),
    ("https://www.aljazeera.com/amp/news/2025/3/14/niger-army/", "https://aljazeera.com/news/2025/3/14/niger-army"),
    ("https://example.com/2025/03/story/amp/?amp=1", "https://example.com/2025/03/story"),
    ("https://example.com/story?outputType=amp&id=3", "https://example.com/story?id=3"),
    ("https://example.com/a/%7euser/%c3%a9t%C3%A9", "https://example.com/a/~user/%C3%A9t%C3%A9"),
    ("https://example.com/été", "https://example.com/%C3%A9t%C3%A9"),
    ("https://example.com/Niger/Article", "https://example.com/Niger/Article"),  # paths keep their case
    ("http://example.com:8080/a", "http://example.com:8080/a"),  # another port: another server
    ("https://user:secret@Example.com./x?q=a+b", "https://example.com/x?q=a%20b"),
    ("https://m.fr/x", "https://m.fr/x"),  # no registrable name would be left
    ("https://example.com/#!/niger/1", "https://example.com/#!/niger/1"),
    ("https://example.com/amp", "https://example.com/amp"),  # a page named amp
    ("  mailto:redaction@example.com ", "mailto:redaction@example.com"),
    ("pas une adresse", "pas une adresse"),
])
def test_dedup_canonical_url(url, canonical):
    assert canonical_url(url) == canonical
    assert canonical_url(canonical) == canonical  # idempotent
