# Common commands. `make run` and `make test` set everything up on a fresh clone.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup bytecode run plan test bench lint format catalogues clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[app,dev]'
	touch $(STAMP)

# byte-code for the project's own modules, as an installed package has it (this machine sets
# PYTHONDONTWRITEBYTECODE, so without it every command compiles them again: 0.07 s a run)
bytecode: $(STAMP)
	$(BIN)/python -m compileall -q planner app.py app_pages > /dev/null

setup: $(STAMP)

run: $(STAMP) bytecode
	$(BIN)/planner plan data/zone-demo --week 2026-W49 --out out/zone-demo
	$(BIN)/streamlit run app.py --server.headless true

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest

bench: $(STAMP) bytecode
	$(BIN)/python -m planner.bench

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# catalogues: after adding or changing a t._("...") text, extract the `planner` domain's messages
# and merge them into locales/{fr,nl,en}/LC_MESSAGES/planner.po; then translate the empty msgstrs.
POT := planner/text/locales/planner.pot
catalogues: $(STAMP)
	$(BIN)/pybabel extract --no-default-keywords -k _ -k n_:1,2 --add-comments=TRANSLATORS: \
		-F planner/text/babel-planner.cfg --omit-header --no-location -o $(POT) planner app_pages app.py
	$(BIN)/pybabel update -D planner -i $(POT) -d planner/text/locales --no-fuzzy-matching \
		--ignore-obsolete
	rm -f $(POT)

clean:
	rm -rf $(VENV) out .pytest_cache
