# Two commands for a new user: `make run` (the pipeline on the sample corpus) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint install serve clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,lint,cluster,parquet]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/corpus-tool run raw/ --db processed/corpus.db

test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

serve: $(STAMP)
	$(BIN)/corpus-tool serve --db processed/corpus.db

clean:
	rm -rf processed/corpus.db* processed/text
