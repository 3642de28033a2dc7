"""Synthetic stores for the web tests: real `Event` objects whose offsets point into their
article text (so highlighting is checked against the text), over two years, with a hostile
article whose text, title, actor names and URL carry HTML and JavaScript."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from itertools import cycle

from veille.events.ontology import DEFAULT_CAMEO, quad_class
from veille.models import Actor, Article, Event, Place, TextInfo

HOSTILE = '<script>alert("pwned")</script><img src=x onerror=alert(1)>'
HOSTILE_NAME = '"><svg onload=alert(2)>'

PAIRS = [("MLI", "RUS"), ("NER", "RUS"), ("BFA", "RUS"), ("MLI", "FRA"), ("FRA", "MLI"), ("RUS", "UKR"),
         ("NER", "FRA"), ("BFA", "MLI")]
NAMES = {"MLI": "le Mali", "RUS": "la Russie", "NER": "le Niger", "BFA": "le Burkina Faso", "FRA": "la France",
         "UKR": "l'Ukraine"}
VERBS = [("CONSULT", "a rencontré"), ("AGREE", "a promis d'aider"), ("SUPPORT", "a salué"),
         ("ACCUSE", "a accusé"), ("ASSAULT", "a attaqué"), ("COOPERATE", "a coopéré avec"),
         ("THREATEN", "a menacé"), ("AID", "a livré des armes à")]
PLACES = {"RUS": ("Moscou", "Moscow", 55.75, 37.62), "MLI": ("Bamako", "Bamako", 12.65, -8.0),
          "NER": ("Niamey", "Niamey", 13.51, 2.11), "BFA": ("Ouagadougou", "Ouagadougou", 12.37, -1.53),
          "FRA": ("Paris", "Paris", 48.86, 2.35), "UKR": ("Kiev", "Kyiv", 50.45, 30.52)}


def article_with_events(n: int, day: date, pairs: list[tuple[str, str]], hostile: bool = False,
                        source: str = "example.org", coder: str = "veille-rules/test") -> tuple[Article, list[Event]]:
    """One article of one sentence per pair, each sentence an event with its offsets."""
    sentences, spans = [], []
    offset = 0
    verbs = cycle(VERBS[n % len(VERBS):] + VERBS[:n % len(VERBS)])
    for a, b in pairs:
        event, verb = next(verbs)
        name_a = (HOSTILE_NAME + " ") if hostile else ""
        a_text, b_text = NAMES[a][0].upper() + NAMES[a][1:], NAMES[b]
        lead = f"Selon {HOSTILE} , " if hostile else "Lundi, "
        sentence = f"{lead}{name_a}{a_text} {verb} {b_text} à {PLACES[b][0]}."
        start = offset
        a_start = start + sentence.index(a_text)
        v_start = start + sentence.index(verb)
        b_start = start + sentence.index(b_text, sentence.index(verb))
        spans.append((event, a, b, sentence, start, a_start, a_start + len(a_text),
                      v_start, v_start + len(verb),
                      b_start, b_start + len(b_text)))
        sentences.append(sentence)
        offset += len(sentence) + 1
    text = " ".join(sentences)
    title = f"Article {n}" + (f" {HOSTILE}" if hostile else "")
    url = "javascript:alert(3)" if hostile else f"https://{source}/article/{n}"
    article = Article(text=text, title=title, url=url, source=source, published=day, language="fr")
    events = []
    for i, (event, a, b, sentence, start, a0, a1, v0, v1, b0, b1) in enumerate(spans):
        place = PLACES[b]
        actor_name = (HOSTILE_NAME if hostile else NAMES[a])
        cameo = DEFAULT_CAMEO[event]
        events.append(Event(
            doc_id=article.id, event=event,
            actor=(Actor(a, "GOV", a, actor_name, text[a0:a1], a0, a1),),
            recipient=(Actor(b, "GOV", b, NAMES[b], text[b0:b1], b0, b1),),
            text=sentence, text_info=TextInfo(i, start, start + len(sentence), text[v0:v1], v0, v1),
            cite_info={"url": url, "title": title, "source": source, "published": day.isoformat(), "language": "fr"},
            date=(day - timedelta(days=i % 2)).isoformat(), date_precision="day",
            location=Place(place[0], place[1], b, "", place[2], place[3], None),
            cameo=cameo, quad_class=quad_class(cameo), confidence=0.5 + (i % 5) / 10,
            explain=f"rule test:verb -> {event}" + (f" {HOSTILE}" if hostile else ""), coder=coder,
        ))
    return article, events


def fill_store(store, articles: int = 40, first: date = date(2024, 1, 3), hostile: bool = True) -> int:
    """`articles` articles of 1-4 events each, a week apart; the last one hostile. Returns events.
    (Open the store with near_duplicates=False: these texts look alike.)"""
    total = 0
    for n in range(articles):
        k = 1 + n % 4
        pairs = [PAIRS[(n + j) % len(PAIRS)] for j in range(k)]
        article, events = article_with_events(n, first + timedelta(days=7 * n), pairs,
                                              hostile=hostile and n == articles - 1,
                                              source=("abamako.com", "lefaso.net", "voa.com")[n % 3])
        total += store.add(article, events).events_added
    return total


@contextmanager
def running_server(app) -> Iterator[str]:
    """Serve `app` with uvicorn on 127.0.0.1 (a free port) in a thread; yields its base URL."""
    import threading
    import time

    import uvicorn

    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline and thread.is_alive():
        time.sleep(0.05)
    if not server.started:
        raise RuntimeError("uvicorn did not start")
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
