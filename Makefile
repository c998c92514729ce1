# Two commands do all set-up on a fresh clone with only Python 3.10+:
#   make lab    open the course in JupyterLab
#   make test   run every test (helpers and notebooks)
# Both create .venv/ and install requirements.txt into it once; they reinstall only when
# requirements.txt or pyproject.toml changes. Windows without make: see README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: lab test notebooks bench clean

$(STAMP): requirements.txt pyproject.toml jupyter/overrides.json
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	mkdir -p $(VENV)/share/jupyter/lab/settings
	cp jupyter/overrides.json $(VENV)/share/jupyter/lab/settings/overrides.json
	touch $(STAMP)

# Jupyter refuses to run as root unless told; containers and classroom VMs often are root.
ROOT_FLAG := $(if $(filter 0,$(shell id -u 2>/dev/null)),--allow-root)

# make lab LARGE=1: projector mode, bigger text and lines in every figure (helpers.set_style).
lab: $(STAMP)
	BIAS_COURSE_LARGE=$(LARGE) $(BIN)/jupyter lab $(ROOT_FLAG) --notebook-dir=. notebooks/01_line_and_bias.ipynb

test: $(STAMP)
	$(BIN)/python -m pytest

# Build every notebook from its text twin (notebooks/*.md, the source): execute it top to bottom in
# a fresh kernel and save the .ipynb with its outputs. Run after changing a lesson or a helper it
# uses; commit both files. `make notebooks LESSONS=notebooks/01_line_and_bias.md` builds only some.
notebooks: $(STAMP)
	$(BIN)/python scripts/build_notebooks.py $(LESSONS)

bench: $(STAMP)
	$(BIN)/python benchmarks/course.py

clean:
	rm -rf $(VENV)
