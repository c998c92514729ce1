# Two commands do all set-up on a fresh clone with only Python 3.10+:
#   make lab    open the course in JupyterLab
#   make test   run every test (helpers and notebooks)
# For contributors: make test-fast (unit tests in about a minute), make lint / make format (ruff),
# make notebooks (build the .ipynb from the .md lessons), make bench.
# For teachers: make classroom (the course on JupyterHub for a whole class, on this machine),
# make classroom-bench (how many students this machine holds).
# Both create .venv/ and install requirements.txt into it once; they reinstall only when
# requirements.txt or pyproject.toml changes. Windows without make: see README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CLASSROOM_STAMP := $(VENV)/.classroom-installed
PROXY := classroom/node_modules/.bin/configurable-http-proxy

.PHONY: lab test test-fast lint format notebooks bench classroom classroom-install \
	classroom-bench clean

# Python 3.10 or newer, checked first with one clear line (pip alone fails with ResolutionImpossible),
# and a .venv made by an older or missing Python is rebuilt rather than reused.
NEED := (3, 10)
CHECK_PYTHON := import sys; v = sys.version.split()[0]; sys.exit(0 if sys.version_info >= $(NEED) else \
	f"This course needs Python 3.10 or newer; $(PYTHON) is {v}. Install a newer Python and run make \
	again (or pick one: make PYTHON=python3.12 test).")

$(STAMP): requirements.txt pyproject.toml jupyter/overrides.json
	@$(PYTHON) -c '$(CHECK_PYTHON)'
	@if [ -e $(VENV) ] && ! $(BIN)/python -c 'import sys; sys.exit(sys.version_info < $(NEED))' 2>/dev/null; \
	then echo "Rebuilding $(VENV): it was made by an older or missing Python."; rm -rf $(VENV); fi
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

# tests/test_classroom.py runs the classroom hub, so `make test` installs it too.
test: $(STAMP) $(CLASSROOM_STAMP) $(PROXY)
	$(BIN)/python -m pytest

# The quick tier while you work: unit tests only (no notebooks under nbval, no browser, nothing slow).
test-fast: $(STAMP)
	$(BIN)/python -m pytest tests -m "not slow and not browser"

# ruff, configured in pyproject.toml: `make lint` checks (CI runs it before the tests), `make format`
# rewrites. Notebooks are linted from their built .ipynb; fix what it finds in the .md twin.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Build every notebook from its text twin (notebooks/*.md, the source): execute it top to bottom in
# a fresh kernel and save the .ipynb with its outputs. Run after changing a lesson or a helper it
# uses; commit both files. `make notebooks LESSONS=notebooks/01_line_and_bias.md` builds only some.
notebooks: $(STAMP)
	$(BIN)/python scripts/build_notebooks.py $(LESSONS)

bench: $(STAMP)
	$(BIN)/python benchmarks/course.py

# The classroom hub (classroom/, README "Teaching a whole class"): JupyterHub, its idle culler and
# nbgitpuller from classroom/requirements.txt into .venv/, and configurable-http-proxy from npm into
# classroom/node_modules/, exactly as classroom/package-lock.json lists it.
$(CLASSROOM_STAMP): $(STAMP) classroom/requirements.txt
	$(BIN)/python -m pip install --quiet -r classroom/requirements.txt
	touch $(CLASSROOM_STAMP)

$(PROXY): classroom/package.json classroom/package-lock.json
	@command -v npm >/dev/null || { echo "The classroom hub needs Node.js 20 or newer and npm \
	(Debian, Ubuntu: apt-get install nodejs npm)."; exit 1; }
	npm ci --prefix classroom --no-audit --no-fund --loglevel=error
	touch $(PROXY)

classroom-install: $(CLASSROOM_STAMP) $(PROXY)

# One command for a whole class on this machine: the hub on http://127.0.0.1:8000 (loopback only),
# any user name and the class password it prints. Ctrl-C stops it and every student's server.
classroom: $(CLASSROOM_STAMP) $(PROXY)
	$(BIN)/jupyterhub -f classroom/jupyterhub_config.py

# N = 1, 5, 10, 20 simulated students at once: memory per student, time to the first executed cell,
# Run-All time, slider step latency, and how many students fit (benchmarks/classroom.py).
classroom-bench: $(CLASSROOM_STAMP) $(PROXY)
	$(BIN)/python benchmarks/classroom.py

# Leaves classroom/state/ (the hub's database and the students' homes) alone.
clean:
	rm -rf $(VENV) classroom/node_modules
