#!/usr/bin/env bash
# The whole Tilsyn test suite, from a fresh clone: installs what it needs, checks formatting and the
# OpenAPI file, builds, runs the Swift tests on SQLite and on a throwaway PostgreSQL, then the
# command-line and browser tests against a real server in headless Chromium.
# Screenshots and logs land in ./artifacts/.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
mkdir -p artifacts
started=$(date +%s)
step() { echo; echo "==> $* ($(( $(date +%s) - started ))s)"; }

step "Installing test dependencies"
scripts/install-test-deps.sh

step "swift format lint"
swift format lint --strict --recursive Sources Tests Package.swift

step "Validating openapi.yaml"
python3 -c 'import yaml, openapi_spec_validator as v; v.validate(yaml.safe_load(open("openapi.yaml"))); print("openapi.yaml is a valid OpenAPI document")'

step "Building"
swift build --build-tests

step "Swift tests on SQLite"
swift test --skip-build

step "Server tests on PostgreSQL"
start_postgres
trap stop_postgres EXIT
TILSYN_TEST_DATABASE_URL=$TILSYN_PG_URL swift test --skip-build --filter TilsynServerTests

step "Command-line, SIP (SIPp) and browser tests (headless Chromium)"
TILSYN_BIN=$(swift build --show-bin-path)/tilsyn python3 -m pytest -q --tb=short Tests/EndToEnd

step "Done in $(( $(date +%s) - started ))s"
