#!/usr/bin/env bash
# The project's test command: sets up what it needs, lints, builds with no warnings, runs every test,
# then the concurrency-heavy suites under ThreadSanitizer and each fuzz target for a short time.
# Works on a fresh Linux machine with Swift 6 and python3; installs nothing outside the repository.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== python venv for the independent OTLP decoder (opentelemetry-proto, grpcio) =="
bash scripts/setup-venv.sh

echo "== swift format lint =="
swift format lint --strict --recursive Sources Tests

echo "== build (warnings are errors) =="
mkdir -p .build
swift build --build-tests 2>&1 | tee .build/test-build.log
if grep -E "(^|: )warning:" .build/test-build.log | grep -v "^warning: 'swift-codex-otel'" ; then
    echo "error: the build printed warnings (above)"; exit 1
fi

echo "== tests =="
swift test --skip-build 2>&1 | tee .build/test-run.log

echo "== the concurrency-heavy suites under ThreadSanitizer =="
bash scripts/tsan.sh

echo "== each libFuzzer target for a short fixed time, from its committed seed corpus =="
bash scripts/fuzz.sh --debug --seconds 20
