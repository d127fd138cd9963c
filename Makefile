# Common commands. `make run` and `make test` set everything up on a fresh clone.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup run plan test bench lint format catalogues clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[app,dev]'
	touch $(STAMP)

setup: $(STAMP)

run: $(STAMP)
	$(BIN)/planner plan data/zone-demo --week 2026-W49 --out out/zone-demo
	$(BIN)/streamlit run app.py --server.headless true

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest

bench: $(STAMP)
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
