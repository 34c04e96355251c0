# The README's two commands: `make site` (set up and build) and `make test` (set up and test).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: site test test-fast lint serve check clean

$(BIN)/survey: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	# The package's bytecode, as pip writes it for an installed wheel: an editable install writes none,
	# and where PYTHONDONTWRITEBYTECODE is set (CI's machine) every process compiled the package again.
	$(BIN)/python -m compileall -q survey
	touch $@

# The theme's JavaScript linter and formatter (Biome), at the version package-lock.json pins.
node_modules/.bin/biome: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

site: $(BIN)/survey
	$(BIN)/mkdocs build --strict

# Both test targets empty PYTHONDONTWRITEBYTECODE: pytest keeps the test modules it rewrites (their asserts) as bytecode only where bytecode may be
# written: with PYTHONDONTWRITEBYTECODE set (this machine and CI's) each worker rewrote all of them
# again, 1.5 s of CPU a process (collection 2.9 s uncached, 1.4 s cached). tests/__pycache__ is ignored.
#
# Everything CI runs: the linters, then every test (builds, LaTeX and the browser included): 923
# tests, 4 min 23 s in CI's last clean clone on a 2-core machine (4 min 0 s to 5 min 7 s in the
# fourteen before; the machine's speed, and work beside it, swing it by a fifth).
test: lint
	PYTHONDONTWRITEBYTECODE= $(BIN)/python -m pytest -n 2

# The tests that build nothing, compile nothing and start no browser: 739 tests, 20 to 36 s and 31 to 37 s of
# CPU on a 2-core machine (QUICK_PROPERTIES=1: a quarter of each property test's examples).
test-fast: $(BIN)/survey
	QUICK_PROPERTIES=1 PYTHONDONTWRITEBYTECODE= $(BIN)/python -m pytest -m "not slow" -n 2  # pytest-xdist: both cores of a small machine

lint: $(BIN)/survey node_modules/.bin/biome
	$(BIN)/ruff check survey tests benchmarks
	$(BIN)/mypy
	$(BIN)/lint-imports  # the one-way layers of pyproject.toml's [tool.importlinter]
	npx --no-install biome ci theme/javascripts  # lint and format check (biome.jsonc); `biome check --write` fixes

serve: $(BIN)/survey
	$(BIN)/mkdocs serve --dirty  # rebuilds only the pages a change touches (survey/publish/rebuilds.py)

check: $(BIN)/survey
	$(BIN)/survey check

clean:
	rm -rf site $(VENV) node_modules
