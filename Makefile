# Two entry points for a fresh machine: `make run` and `make test` (see README).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test chat eval bench site-bench reliability fuzz translations debian lexicon clean

# Debian packages the engine reads data from, installed when we may (root or sudo):
# - the English–Russian dictionaries; without them everything works but a question in one
#   language does not find text in the other (README);
# - WordNet's database, which attribution's lexicon is derived from: the package ships the
#   derived copy (make lexicon writes it), so WordNet is needed only to write it again and for
#   the test that checks the copy is current.
DICTD := /usr/share/dictd
DEBIAN_PACKAGES := wordnet-base dict-freedict-eng-rus mueller7-dict

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

debian:
	@missing=$$(for p in $(DEBIAN_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then \
	    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  fi; \
	fi; \
	for p in $(DEBIAN_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || \
	  echo "note: Debian's $$p is not installed (sudo apt-get install $$p; see README)"; done

# Attribution's lexicon and search's related words, derived from WordNet and shipped in the
# package: run after changing what lexical.py or related.py derives (and bump LEXICAL_VERSION
# or RELATED_VERSION), then commit the files.
lexicon: $(STAMP) debian
	$(BIN)/python -c 'from visitbot.attribution.lexical import SHIPPED, write_shipped; write_shipped(); print(SHIPPED)'
	$(BIN)/python -c 'from visitbot.related import SHIPPED, write_shipped; write_shipped(); print(SHIPPED)'

run: $(STAMP) debian
	$(BIN)/visitbot run

chat: $(STAMP) debian
	$(BIN)/visitbot chat

# The site's browser tests: axe-core from npm (tests/browser/package-lock.json) and Debian's
# Chromium (.ci/run installs it). Without either they are skipped, and this says so.
CHROMIUM ?= /usr/bin/chromium
AXE_STAMP := tests/browser/node_modules/.installed

$(AXE_STAMP): tests/browser/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error && touch $(AXE_STAMP); \
	else echo "make: no npm, so no axe-core: the accessibility check will be skipped"; fi

test: $(STAMP) debian $(AXE_STAMP)
	$(BIN)/ruff check src bot tests benchmarks
	$(BIN)/mypy
	@if [ -x $(CHROMIUM) ]; then echo "browser tests: $$($(CHROMIUM) --version 2>/dev/null)"; \
	else echo "browser tests SKIPPED: no Chromium at $(CHROMIUM) (apt-get install chromium chromium-driver, as .ci/run does)"; fi
	VISITBOT_CHROMIUM=$(CHROMIUM) $(BIN)/pytest -q

BENCH_STAMP := $(VENV)/.bench-installed

$(BENCH_STAMP): $(STAMP)
	$(BIN)/pip install --quiet -e '.[bench]'
	touch $(BENCH_STAMP)

# Search benchmark against the peers (minutes; not part of `make test`). SIZES="1000 10000".
SIZES ?= 1000 10000 100000
bench: $(BENCH_STAMP)
	$(BIN)/python -m benchmarks.run --sizes $(SIZES)

# The static site's speed: 100 and 10,000 generated documents, written from scratch and again.
site-bench: $(STAMP)
	$(BIN)/python -m benchmarks.site

# Load, fault and restart harness against the local stand-in Bot API (several minutes).
reliability: $(STAMP)
	$(BIN)/python -m benchmarks.reliability

# Hostile-input fuzzing of the whole update path: 4 tests × 25,000 examples (about 12 minutes).
fuzz: $(STAMP)
	VISITBOT_FUZZ_EXAMPLES=25000 $(BIN)/pytest -q tests/test_fuzz.py

# After changing a sentence the bot or the CLI says: refresh the catalogues, translate what is
# new in src/visitbot/locale/*/LC_MESSAGES/visitbot.po, then run this again to compile.
translations: $(STAMP)
	mkdir -p build
	$(BIN)/pybabel extract -k N_ -k ngettext:1,2 --no-location --omit-header -o build/visitbot.pot src bot
	$(BIN)/pybabel update -i build/visitbot.pot -d src/visitbot/locale -D visitbot --ignore-obsolete --width=100
	$(BIN)/pybabel compile -d src/visitbot/locale -D visitbot --statistics

eval: $(STAMP)
	$(BIN)/visitbot eval ../shared/eval/dev_questions.jsonl

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info tests/browser/node_modules
