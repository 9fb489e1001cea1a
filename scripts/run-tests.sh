#!/usr/bin/env bash
# Runs every ctest test of a build directory. Starts a throwaway PostgreSQL server first when
# the PostgreSQL backend is built, so the store conformance suite runs on both backends.
set -euo pipefail
build_dir=${1:?usage: run-tests.sh BUILD_DIR}
cd "$build_dir"
ctest --output-on-failure -j "$(nproc)" --timeout 600
