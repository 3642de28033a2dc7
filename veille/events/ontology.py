"""PLOVER event types, and the CAMEO code -> quad class convention GDELT users know."""

from __future__ import annotations

__all__ = [
    "EVENT_TYPES", "MATERIAL_EVENTS", "PLACE_TARGETED", "INTENT_AS_AGREE", "INTENT_AS_THREATEN", "NEGATED_AS_REJECT",
    "REVERSED_AS", "CODE_FAMILIES",
    "DEFAULT_CAMEO", "quad_class", "OLD_LABELS", "GOLDSTEIN_BY_ROOT", "goldstein",
]

EVENT_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)

#: Events that are things done somewhere (a place complement is their location), as opposed to
#: things said (a place complement is usually their recipient: "son soutien à Moscou").
MATERIAL_EVENTS = frozenset(
    {"COOPERATE", "AID", "RETREAT", "PROTEST", "MOBILIZE", "COERCE", "ASSAULT"}
)

#: Acts done somewhere whose target, when the text names none, is the state where they happen
#: ("imposed a curfew in Cizre", "shelled Juba", "lifted the curfew in Montenegro").
PLACE_TARGETED = frozenset(MATERIAL_EVENTS - {"COOPERATE", "PROTEST"} | {"THREATEN", "CONCEDE", "SANCTION"})

#: PLOVER codes a stated intention to cooperate ("will support", "is ready to send troops",
#: "plans to meet") as AGREE; the CAMEO code of each such intention (CAMEO 03x).
INTENT_AS_AGREE = {
    "CONSULT": "036", "SUPPORT": "032", "COOPERATE": "031", "AID": "033", "CONCEDE": "035",
    "RETREAT": "035",
    "MOBILIZE": "0332",  # "is ready to send troops to X": an offer of military aid
}

#: A stated intention to use force or coercion ("said it would blockade", "will impose sanctions")
#: is a threat: THREATEN in PLOVER, with the CAMEO code of the matching threat (CAMEO 13x).
INTENT_AS_THREATEN = {"ASSAULT": "138", "COERCE": "137", "SANCTION": "1312", "PROTEST": "133"}

#: Lifting, easing or ending a coercive measure ("lifted the curfew", "a levé l'embargo") is a
#: concession; ending military action is a retreat (CAMEO 08x).
REVERSED_AS = {
    "COERCE": ("CONCEDE", "081"), "SANCTION": ("CONCEDE", "085"), "ASSAULT": ("RETREAT", "087"),
    "MOBILIZE": ("RETREAT", "087"), "THREATEN": ("RETREAT", "087"),
    # stopping help or cooperation reduces relations ("suspended aid deliveries", "a gelé sa coopération")
    "AID": ("SANCTION", "162"), "COOPERATE": ("SANCTION", "161"),
}

#: A negated cooperative act ("will not accept refugees", "n'a pas signé") is a refusal: REJECT
#: in PLOVER, with the CAMEO code of the matching refusal (CAMEO 12x).
NEGATED_AS_REJECT = {
    "AGREE": "120", "CONSULT": "125", "SUPPORT": "120", "COOPERATE": "121", "AID": "122",
    "CONCEDE": "124", "RETREAT": "124",
}

#: PLOVER codes that refine another: the UN (UNO) and the EU (EUR) are intergovernmental
#: organisations (IGO), which is how older gold data code them.
CODE_FAMILIES = {"UNO": "IGO", "EUR": "IGO"}

#: The CAMEO code of each PLOVER type when a trigger gives none.
DEFAULT_CAMEO = {
    "AGREE": "030", "CONSULT": "040", "SUPPORT": "051", "CONCEDE": "080", "COOPERATE": "060",
    "AID": "070", "RETREAT": "084", "REQUEST": "100", "ACCUSE": "112", "REJECT": "120",
    "THREATEN": "130", "PROTEST": "140", "SANCTION": "160", "MOBILIZE": "150",
    "COERCE": "170", "ASSAULT": "190",
}

#: Labels of PLOVER drafts used by older gold data -> current types.
OLD_LABELS = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}


def quad_class(cameo: str) -> int:
    """GDELT's quad class of a CAMEO code: 1 verbal cooperation (01-04), 2 material cooperation
    (05-08), 3 verbal conflict (09-13), 4 material conflict (14-20)."""
    root = int(cameo[:2])
    if not 1 <= root <= 20:
        raise ValueError(f"not a CAMEO code: {cameo!r}")
    if root <= 4:
        return 1
    if root <= 8:
        return 2
    if root <= 13:
        return 3
    return 4


#: A Goldstein-like cooperation/conflict weight (-10 .. +10) per CAMEO root code: the typical
#: weight Goldstein (1992) gives the codes of that root, as CAMEO-based datasets use it.
#: One value per root keeps it explainable; finer codes share their root's value.
GOLDSTEIN_BY_ROOT = {
    1: 0.0, 2: 3.0, 3: 4.0, 4: 1.0, 5: 3.5, 6: 6.0, 7: 7.0, 8: 5.0, 9: -2.0, 10: -5.0,
    11: -2.0, 12: -4.0, 13: -6.0, 14: -6.5, 15: -7.2, 16: -4.0, 17: -7.0, 18: -9.0, 19: -10.0,
    20: -10.0,
}


def goldstein(cameo: str) -> float:
    """The Goldstein-like weight of a CAMEO code (its root's value; 0.0 when there is no code)."""
    try:
        return GOLDSTEIN_BY_ROOT.get(int(cameo[:2]), 0.0)
    except (TypeError, ValueError):
        return 0.0
