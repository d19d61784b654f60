# Fresh machine: `make demo` sets up and runs the main job; `make test` sets up and runs the tests.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
TORCH_SPEC ?= torch==2.13.0
STAMP := $(VENV)/.ghost-setup
BASE_STAMP := $(VENV)/.ghost-base
# LLAVA_BUILD=OFF: the multimodal library (mtmd) is not used (text GGUFs only); -17% compile time
LLAMA_CMAKE_ARGS ?= -DLLAVA_BUILD=OFF -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON \
	-DGGML_BMI2=ON -DGGML_AVX512=ON -DGGML_AVX512_VNNI=ON -DGGML_AVX512_BF16=ON

.PHONY: setup litert keras demo test lint format clean

# The base install (what `ghost infer` needs: llama.cpp, OCR, sqlglot; no torch) ...
$(BASE_STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	# llama-cpp-python compiles from source here (7-9 min on 2 cores, once: pip caches the wheel).
	# Portable flags: some VMs advertise AMX but trap on it, and a -march=native build dies (SIGILL).
	CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" CMAKE_BUILD_PARALLEL_LEVEL=$$(nproc) \
		$(BIN)/python -m pip install -q -e .
	touch $(BASE_STAMP)

# ... then everything: torch first, pinned (any other spec pulls GBs of CUDA wheels), then the
# train, dev and app extras
$(STAMP): $(BASE_STAMP)
	$(BIN)/python -m pip install -q "$(TORCH_SPEC)"
	$(BIN)/python -m pip install -q -e ".[train,dev,app,edge]"
	touch $(STAMP)

setup: $(STAMP)

# The LiteRT converter (`ghost export --to litert`) in its own venv: litert-torch pins jax, torchao
# and numpy versions the project venv must not get. The exporter finds it through
# GHOST_LITERT_PYTHON (benchmarks/results/litert-probe.md).
LITERT_VENV ?= .venv-litert
LITERT_STAMP := $(LITERT_VENV)/.ghost-setup
$(LITERT_STAMP):
	$(PYTHON) -m venv $(LITERT_VENV)
	$(LITERT_VENV)/bin/python -m pip install -q --upgrade pip
	$(LITERT_VENV)/bin/python -m pip install -q "$(TORCH_SPEC)"
	$(LITERT_VENV)/bin/python -m pip install -q litert-torch==0.10.0 litert-lm==0.18.1 \
		transformers==5.24.0 peft==0.21.2 accelerate
	touch $(LITERT_STAMP)

litert: $(LITERT_STAMP)

# The keras training backend (`ghost train --backend keras`) in its own venv: keras-hub 0.32.0
# requires tensorflow-text, which brings tensorflow 2.21 (GBs) into any env it enters. The backend
# runs its loop there through GHOST_KERAS_PYTHON (docs/keras.md). jax[cuda12] for an NVIDIA GPU.
KERAS_VENV ?= .venv-keras
KERAS_STAMP := $(KERAS_VENV)/.ghost-setup
JAX_SPEC ?= jax[cpu]==0.10.2
$(KERAS_STAMP):
	$(PYTHON) -m venv $(KERAS_VENV)
	$(KERAS_VENV)/bin/python -m pip install -q --upgrade pip
	$(KERAS_VENV)/bin/python -m pip install -q keras==3.15.1 keras-hub==0.32.0 "$(JAX_SPEC)" \
		safetensors
	touch $(KERAS_STAMP)

keras: $(KERAS_STAMP)

demo: $(BASE_STAMP)
	$(BIN)/ghost doctor --profile cpu
	$(BIN)/ghost infer data/samples/images/s8-00003.png --format sql

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: lint litert keras
	GHOST_LITERT_PYTHON=$${GHOST_LITERT_PYTHON:-$(abspath $(LITERT_VENV))/bin/python} \
	GHOST_KERAS_PYTHON=$${GHOST_KERAS_PYTHON:-$(abspath $(KERAS_VENV))/bin/python} \
		$(BIN)/python -m pytest -q -rs

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) $(LITERT_VENV) $(KERAS_VENV) .pytest_cache .ruff_cache
