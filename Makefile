# Toegang Aalten — `make run` for the portal with demo data, `make test` for the whole suite.
# Both install what they need (venv, Python packages, npm assets, Chromium for browser tests).

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
DEVENV := $(PY) -m toegang.devenv
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test install lint format migrations-check pytest pytest-embedded chromium gettext pango \
	messages lock clean backup restore

run: install
	@$(DEVENV) run --port $(PORT)

test: install chromium lint migrations-check pytest

# The compiled translation catalogs (.mo, not in git) of every language in locale/.
CATALOGI := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/django.po))

install: pango $(VENV)/.installed node_modules/.installed $(CATALOGI)

$(VENV)/.installed: requirements.lock pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# What compilemessages does (msgfmt), checking that every placeholder of a msgid is in its
# translation.
locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po | gettext
	msgfmt --check-format -o $@ $<

# GNU gettext: makemessages (xgettext, msgmerge) and compiling the catalogs (msgfmt).
gettext:
	@command -v msgfmt >/dev/null || { echo "Installing GNU gettext for the translations (apt-get)"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq gettext; }

# Collect the texts wrapped for translation into the catalogs of the five languages besides
# Dutch (the same command every branch uses, so catalogs merge with msgcat), then compile.
# Fill in every new msgstr: the check in `make test` (tests/taal/test_catalogi.py) fails on
# an untranslated or fuzzy entry and on a wrapped text that is in no catalog.
messages: $(VENV)/.installed gettext
	DEBUG=1 $(PY) manage.py makemessages -l en -l de -l ar -l uk -l pl --no-location \
		--no-obsolete -i ".venv/*" -i "node_modules/*"
	DEBUG=1 $(PY) manage.py compilemessages -i ".venv" -i "node_modules"

# Pango and HarfBuzz, which WeasyPrint draws the klantreis quarter summary (PDF) with.
pango:
	@ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0.so.0 \
		&& ldconfig -p 2>/dev/null | grep -q libharfbuzz-subset.so.0 \
		|| { echo "Installing Pango for the PDF summaries (apt-get)"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq \
		libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0; }

chromium:
	@test -x /usr/bin/chromium || { echo "Installing Chromium for the browser tests (apt-get)"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium; }

lint:
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format:
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

migrations-check:
	DEBUG=1 $(DEVENV) exec -- $(PY) manage.py makemigrations --check --dry-run

# The suite runs in PYTEST_WORKERS processes (pytest-xdist), a file at a time per process: most
# of its time is spent waiting on PostgreSQL and on the processes tests start, so two cores
# keep more than two busy. First the tests that keep the database as the migrations left it,
# then the transactional ones (they empty it after each test), as pytest-django orders them in
# one process; exit code 5 is "none of these selected" (a narrow PYTEST_ARGS). The first part
# migrates fresh test databases and keeps them (--create-db --reuse-db), the second runs on
# those: a full migrate costs each process half a minute of CPU.
# PYTEST_WORKERS=0 runs it in one process.
PYTEST_WORKERS ?= 3
XDIST := $(if $(filter 0,$(PYTEST_WORKERS)),,-n $(PYTEST_WORKERS) --dist loadfile)

pytest:
ifeq ($(PYTEST_WORKERS),0)
	$(DEVENV) exec -- $(PY) -m pytest $(PYTEST_ARGS)
else
	$(DEVENV) exec -- sh -c '$(PY) -m pytest $(XDIST) -m "not transactioneel" --create-db --reuse-db $(PYTEST_ARGS); \
		r=$$?; [ $$r = 0 ] || [ $$r = 5 ] || exit $$r; \
		$(PY) -m pytest $(XDIST) -m transactioneel --reuse-db $(PYTEST_ARGS); \
		r=$$?; [ $$r = 0 ] || [ $$r = 5 ]'
endif

# The search must behave the same on the embedded PostgreSQL of `make run` (pgserver: no
# contrib extensions) as on a server: CI runs its tests on both (stemming, accents, prefixes,
# typos, synonyms, ranking, facets, filters, the werkgebied, freshness), in the same worker
# processes and order as `make pytest`.
ZOEKTESTS := $(addprefix tests/sociale_kaart/,test_zoeken.py test_zoektellingen.py \
	test_zoekversheid.py test_werkgebied.py)
pytest-embedded: install
	env -u DATABASE_URL $(MAKE) --no-print-directory pytest PYTEST_ARGS="$(ZOEKTESTS) -q"

# A backup of the database (DATABASE_URL, else the embedded one of `make run`) in
# BACKUP_DIR (default .data/backups); `make restore BESTAND=...` puts one back into an empty
# database. Without SECRET_KEY in the environment these run with development settings.
MANAGE_LOKAAL := $(if $(SECRET_KEY),,DEBUG=1) $(DEVENV) exec -- $(PY) manage.py

backup: install
	$(MANAGE_LOKAAL) backup

restore: install
	@test -n "$(BESTAND)" || { echo "Gebruik: make restore BESTAND=.data/backups/toegang-....dump"; exit 2; }
	$(MANAGE_LOKAAL) restore "$(BESTAND)" $(if $(OVERSCHRIJVEN),--overschrijven,)

lock:
	$(PYTHON) scripts/lock.py

clean:
	rm -rf $(VENV) node_modules staticfiles tests/artifacts/*.png
