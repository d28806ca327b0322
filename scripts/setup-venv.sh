#!/usr/bin/env bash
# Creates <repo>/.venv with the packages in scripts/requirements-test.txt, for the OTLP test peer
# (scripts/otlp_receiver.py). Idempotent: does nothing when the stamp matches the requirements.
# Usage: scripts/setup-venv.sh            (PYTHON=python3.11 scripts/setup-venv.sh to pick one)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
REQUIREMENTS="$ROOT/scripts/requirements-test.txt"
PYTHON="${PYTHON:-python3}"
STAMP="$VENV/.requirements-stamp"

command -v "$PYTHON" >/dev/null 2>&1 || {
    echo "setup-venv: '$PYTHON' not found; install Python 3.10+ (e.g. apt-get install python3)" >&2
    exit 1
}

# Several test processes may start at once: one sets up, the others wait for it.
LOCK="${TMPDIR:-/tmp}/setup-venv-$(printf '%s' "$ROOT" | cksum | cut -d' ' -f1).lock"
exec 9>"$LOCK"
if command -v flock >/dev/null 2>&1; then flock 9; fi

want="$(cat "$REQUIREMENTS"; "$PYTHON" -c 'import sys; print(sys.version)')"
if [[ -x "$VENV/bin/python" && -f "$STAMP" && "$(cat "$STAMP")" == "$want" ]]; then
    exit 0
fi

rm -rf "$VENV"
if "$PYTHON" -m venv "$VENV" >/dev/null 2>&1; then
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-input -r "$REQUIREMENTS"
else
    # Debian's system Python lacks ensurepip unless python3-venv is installed: make the venv
    # without pip and install into it with the outer pip (pip >= 22.3 has --python).
    rm -rf "$VENV"
    "$PYTHON" -m venv --without-pip "$VENV" || {
        echo "setup-venv: '$PYTHON -m venv' failed; install python3-venv (apt-get install python3-venv)" >&2
        exit 1
    }
    "$PYTHON" -m pip --python "$VENV/bin/python" install --quiet --disable-pip-version-check --no-input \
        -r "$REQUIREMENTS" || {
        echo "setup-venv: pip install failed; install python3-pip (apt-get install python3-pip) or python3-venv" >&2
        exit 1
    }
fi
"$VENV/bin/python" -c 'import grpc, google.protobuf, opentelemetry.proto.collector.trace.v1.trace_service_pb2_grpc'
printf '%s' "$want" >"$STAMP"
