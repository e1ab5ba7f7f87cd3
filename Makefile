# Two entry points for a fresh machine: `make run` and `make test` (see README).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test chat eval bench reliability fuzz translations clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/visitbot run

chat: $(STAMP)
	$(BIN)/visitbot chat

test: $(STAMP)
	$(BIN)/ruff check src bot tests benchmarks
	$(BIN)/mypy
	$(BIN)/pytest -q

BENCH_STAMP := $(VENV)/.bench-installed

$(BENCH_STAMP): $(STAMP)
	$(BIN)/pip install --quiet -e '.[bench]'
	touch $(BENCH_STAMP)

# Search benchmark against the peers (minutes; not part of `make test`). SIZES="1000 10000".
SIZES ?= 1000 10000 100000
bench: $(BENCH_STAMP)
	$(BIN)/python -m benchmarks.run --sizes $(SIZES)

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
	$(BIN)/pybabel update -i build/visitbot.pot -d src/visitbot/locale -D visitbot --width=100 --ignore-obsolete
	$(BIN)/pybabel compile -d src/visitbot/locale -D visitbot --statistics

eval: $(STAMP)
	$(BIN)/visitbot eval ../shared/eval/dev_questions.jsonl

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info
