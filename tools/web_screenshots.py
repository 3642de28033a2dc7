"""Take the README's screenshots of the dashboard (docs/screenshots/*.png) with Playwright and
Debian's chromium, on a database coded from the sample corpus:

    .venv/bin/veille run samples/ --db /tmp/demo.db
    .venv/bin/python tools/web_screenshots.py --db /tmp/demo.db
"""

from __future__ import annotations

import argparse
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SHOTS = [("overview", "/", "#timeline", False), ("events", "/events?involving=RUS", None, False),
         ("actor", "/actors/MLI", "#network", False)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="the database to show")
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"), help="folder of the PNG files")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args(argv)

    import uvicorn
    from playwright.sync_api import sync_playwright

    from veille.web import create_app

    server = uvicorn.Server(uvicorn.Config(create_app(args.db), host="127.0.0.1", port=0, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    base = f"http://127.0.0.1:{server.servers[0].sockets[0].getsockname()[1]}"
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=args.chromium, args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page(viewport={"width": 1280, "height": 860})
            for name, path, ready, full in SHOTS:
                page.goto(base + path)
                if ready:
                    page.wait_for_selector(f"{ready}[data-ready='true']", timeout=15_000)
                page.screenshot(path=str(out / f"{name}.png"), full_page=full)
                print(out / f"{name}.png")
            browser.close()
    finally:
        server.should_exit = True
        thread.join(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
