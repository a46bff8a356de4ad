SWIFT ?= swift
APT_PACKAGES = libgraphviz-dev libopenblas-dev pkg-config
BIN = .build/release/dssm-graph

.PHONY: run test deps build graphs peers check-mxnet tsan asan clean

## Installs the Debian packages the build needs when one is missing.
deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

# One set of flags for the tool and the tests, so that `make run` after `make test` reuses the build.
RELEASE = -c release -Xswiftc -enable-testing

build: deps
	$(SWIFT) build $(RELEASE) --product dssm-graph

## The main job: plot the DSSM example and print its shapes.
run: build
	$(BIN) plot -o dssm.svg
	$(BIN) shapes

## Redraws the pictures in Graphs/ (a test fails when a committed DOT file is stale).
graphs: build
	$(BIN) plot --format dot -o Graphs/dssm.dot
	$(BIN) plot -o Graphs/dssm.svg
	$(BIN) plot --style layers --format dot -o Graphs/dssm-layers.dot
	$(BIN) plot --style layers -o Graphs/dssm-layers.svg
	$(BIN) plot --example bow --format dot -o Graphs/bow.dot
	$(BIN) plot --example bow -o Graphs/bow.svg
	$(BIN) plot --example resnet18_v2 --style layers --format dot -o Graphs/resnet18_v2.dot
	$(BIN) plot --example resnet18_v2 --style layers -o Graphs/resnet18_v2.svg
	$(BIN) plot --optimized --style layers --format dot -o Graphs/dssm-optimized.dot
	$(BIN) plot --optimized --style layers -o Graphs/dssm-optimized.svg
	$(BIN) optimize --report > Graphs/dssm-optimize-report.txt

## The whole test suite, built in release (numeric kernels are slow in debug builds).
test: deps
	$(SWIFT) build $(RELEASE) --build-tests
	$(SWIFT) test $(RELEASE) --skip-build

PEERS ?= /tmp/peers-venv

## MXNet 1.9.1 and ONNX Runtime in a virtual environment, for interop checks and peer timings.
peers:
	@[ -x $(PEERS)/bin/python ] && $(PEERS)/bin/python -c "import mxnet, onnxruntime" 2>/dev/null \
	  || bash ../shared/reference/tools/setup-peers.sh $(PEERS)

## MXNet loads our export of the example (plain and optimized) and computes our numbers.
check-mxnet: build peers
	$(BIN) run --format json > /tmp/dssm-ours.json
	$(BIN) export -o /tmp/dssm-export >/dev/null
	$(PEERS)/bin/python Tests/Interop/mxnet_runs_our_export.py /tmp/dssm-export /tmp/dssm-ours.json
	$(BIN) optimize -o /tmp/dssm-optimized >/dev/null
	$(PEERS)/bin/python Tests/Interop/mxnet_runs_our_export.py /tmp/dssm-optimized /tmp/dssm-ours.json

clean:
	rm -rf .build

## Race detection: the executor and kernel tests under ThreadSanitizer (debug build, kept apart
## in .build/tsan). The full-size DSSM case is skipped: it takes minutes under the sanitizer.
tsan: deps
	$(SWIFT) build --build-tests --sanitize=thread --scratch-path .build/tsan
	$(SWIFT) test --skip-build --sanitize=thread --scratch-path .build/tsan --disable-xctest \
	  --filter 'RuntimeTests' --skip 'fullDSSM'

## Memory errors and leaks: the reader, shape-inference and executor tests, fuzz tests
## included, under AddressSanitizer (debug build, kept apart in .build/asan), with 4,000
## fuzz cases instead of 10,000. XCTest is off: the tests use Swift Testing, and XCTest's
## own runner leaks a few bytes that LeakSanitizer reports.
asan: deps
	$(SWIFT) build --build-tests --sanitize=address --scratch-path .build/asan
	DSSM_FUZZ_CASES=4000 $(SWIFT) test --skip-build --sanitize=address --scratch-path .build/asan --disable-xctest \
	  --filter 'GraphIRTests|RuntimeTests' --skip 'fullDSSM'
