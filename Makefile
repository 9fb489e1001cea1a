# The README's commands. `make run` and `make test` work on a fresh Debian 12 machine as root.
SHELL := /bin/bash
JOBS ?= $(shell nproc)
RELEASE_DIR ?= build/release
TEST_DIR ?= build/test
ASAN_DIR ?= build/asan
DEMO_DIR ?= demo-data
LISTEN ?= 127.0.0.1:8443
CMAKE_FLAGS ?=

.PHONY: run test test-asan deps release build-test build-asan bench clean format check-format \
        fuzz crash-test soak release-qccm

deps:
	@./scripts/install-deps.sh

# Release build of everything (the node, tests and benchmarks).
release: deps
	@cmake -S . -B $(RELEASE_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Release $(CMAKE_FLAGS) >/dev/null
	@ninja -C $(RELEASE_DIR) -j $(JOBS)

# Set up and run a demo node: 4 members, collections shared in different ways, tens of
# thousands of generated objects plus the real STIX data in ../shared/data, on the SQLite store.
run: release
	@./scripts/run-demo.sh $(RELEASE_DIR)/src/app/qccm $(DEMO_DIR) $(LISTEN)

build-test: deps
	@cmake -S . -B $(TEST_DIR) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_FLAGS) >/dev/null
	@ninja -C $(TEST_DIR) -j $(JOBS)

# Every test: unit, store (SQLite and PostgreSQL), http, e2e.
test: build-test
	@./scripts/run-tests.sh $(TEST_DIR)

build-asan: deps
	@cmake -S . -B $(ASAN_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DQCCM_SANITIZE=ON -DQCCM_BUILD_BENCH=OFF $(CMAKE_FLAGS) >/dev/null
	@ninja -C $(ASAN_DIR) -j $(JOBS)

# The unit tests once more under AddressSanitizer and UndefinedBehaviorSanitizer.
test-asan: build-asan
	@cd $(ASAN_DIR) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest -L unit --output-on-failure -j $(JOBS)

# Benchmarks (Release build); figures are printed, nothing is asserted.
bench: release
	@./scripts/run-benchmarks.sh $(RELEASE_DIR)

# The long security and reliability runs (docs/security.md). Each fuzz target for FUZZ_SECONDS
# under ASan+UBSan (clang 16, build/fuzz); the crash test kills a loaded server CRASH_KILLS
# times; the soak test runs mixed load for SOAK_SECONDS.
FUZZ_SECONDS ?= 300
CRASH_KILLS ?= 50
SOAK_SECONDS ?= 600

release-qccm: deps
	@cmake -S . -B $(RELEASE_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Release $(CMAKE_FLAGS) >/dev/null
	@ninja -C $(RELEASE_DIR) -j $(JOBS) qccm

fuzz: deps
	@JOBS=$(JOBS) ./scripts/fuzz.sh $(FUZZ_SECONDS)

crash-test: release-qccm
	@./scripts/crash-test.sh $(RELEASE_DIR)/src/app/qccm $(CRASH_KILLS)

soak: release-qccm
	@./scripts/soak.sh $(RELEASE_DIR)/src/app/qccm $(SOAK_SECONDS)

format:
	@git ls-files '*.cc' '*.h' | xargs clang-format -i

check-format:
	@git ls-files '*.cc' '*.h' | xargs clang-format --dry-run -Werror

clean:
	rm -rf build
