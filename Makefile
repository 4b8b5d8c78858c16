# Two entry points for a fresh machine with Python 3.11: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SHARED ?= ../shared

.PHONY: run test install model clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip==25.2

# constraints.txt pins every package of the tested environment, direct and transitive.
install: $(BIN)/python
	$(BIN)/python -m pip install --quiet -c constraints.txt .

# Label the two seed articles into report.csv.
run: install
	$(BIN)/stance label seeds -o report.csv

# Install the package with its test extras (not editable: tests run against the install).
test: $(BIN)/python
	$(BIN)/python -m pip install --quiet -c constraints.txt ".[test]"
	cd tests && ../$(BIN)/python -m pytest -q -p no:cacheprovider

# Retrain the shipped model: data/ train plus ../shared/realnews/train.
model: install
	$(BIN)/stance train --gold data/train.jsonl $(SHARED)/realnews/train/gold.jsonl -o models/default.skops

clean:
	rm -rf $(VENV) build *.egg-info report.csv report.errors.csv
