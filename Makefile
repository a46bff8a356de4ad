SWIFT ?= swift
APT_PACKAGES = libgraphviz-dev libopenblas-dev pkg-config
BIN = .build/release/dssm-graph

.PHONY: run test deps build clean tsan asan

## Installs the Debian packages the build needs when one is missing.
deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

build: deps
	$(SWIFT) build -c release --product dssm-graph

## The main job: plot the DSSM example and print its shapes.
run: build
	$(BIN) shapes

## The whole test suite, built in release (numeric kernels are slow in debug builds).
test: deps
	$(SWIFT) build -c release --build-tests -Xswiftc -enable-testing
	$(SWIFT) test -c release --skip-build -Xswiftc -enable-testing

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
