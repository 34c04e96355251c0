# The README's two commands: `make site` (set up and build) and `make test` (set up and test).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: site test serve check clean

$(BIN)/survey: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

site: $(BIN)/survey
	$(BIN)/mkdocs build --strict

test: $(BIN)/survey
	$(BIN)/python -m pytest

serve: $(BIN)/survey
	$(BIN)/mkdocs serve

check: $(BIN)/survey
	$(BIN)/survey check

clean:
	rm -rf site $(VENV)
