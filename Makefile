# veille — the two sacred commands: `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
PIP    := $(VENV)/bin/pip
STAMP  := $(VENV)/.installed

.PHONY: install demo test lint eval eval-places bench bench-quick bench-ingest bench-store bench-web clean

install: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade "pip==26.3"
	$(PIP) install --quiet -c constraints.txt -e ".[all]"
	touch $(STAMP)

# Codes the sample corpus, prints the events, then serves the dashboard on http://127.0.0.1:8000
# until Ctrl-C (`make demo SERVE=0` stops after the table).
SERVE ?= 1
demo: install
	rm -f veille.db veille.db-wal veille.db-shm
	$(VENV)/bin/veille run samples/ --db veille.db
	$(VENV)/bin/veille events --db veille.db --format table --actor RUS --limit 25
	@if [ "$(SERVE)" = 1 ]; then echo "dashboard: http://127.0.0.1:8000 (Ctrl-C to stop)"; \
	  $(VENV)/bin/veille serve --db veille.db --host 127.0.0.1 --port 8000; fi

test: install
	$(VENV)/bin/ruff check veille tests tools bench
	$(PY) -m pytest -q

eval: install
	$(VENV)/bin/veille eval samples/*.gold.json tests/gold/fr_dev.json ../shared/data/plover/PLOVER_GSR_CAMEO.txt

# Throughput, scaling, per-stage time and memory on >= 5,000 articles (about 30 minutes on 2 cores).
bench: install
	$(PY) bench/bench.py --articles 5000

bench-quick: install
	$(PY) bench/bench.py --articles 400 --no-dask

# Reading + parsing + near-duplicate fingerprinting per input format, on one core (a few seconds).
bench-ingest: install
	$(PY) bench/bench_ingest.py --articles 2000

# Bulk load of 1,000,000 synthetic events into SQLite, then p50/p95 of the analysis queries (about 20 minutes);
# with POSTGRES=postgresql://... (a database with no events) the same into PostgreSQL too.
POSTGRES ?=
bench-store: install
	$(PY) bench/bench_store.py --events 1000000 --extra-indexes --floor $(if $(POSTGRES),--postgres $(POSTGRES))

# p50/p95 of the web API over HTTP (events pages, dyad series) on 1,000,000 synthetic events (load: a few minutes).
bench-web: install
	$(PY) bench/bench_web.py --events 1000000

eval-places: install
	$(PY) -m veille.places.evaluate ../shared/data/geoparsing/TR-News.xml ../shared/data/geoparsing/GWN.xml \
		tests/gold/places_fr.json

clean:
	rm -rf $(VENV) veille.db veille.db-wal veille.db-shm .pytest_cache
