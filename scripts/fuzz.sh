#!/usr/bin/env bash
# Builds the libFuzzer targets under Fuzz/ and runs each for a fixed time, one after another,
# starting from its committed seed corpus (Fuzz/Corpus/<Target>/). New inputs, logs and crash
# reproducers go under .build-fuzz/ only, never into the repository.
#
#   bash scripts/fuzz.sh --debug --seconds 25           # CI: -Onone build (quick), 25 s per target
#   bash scripts/fuzz.sh --seconds 600                  # locally: optimized build, 10 min per target
#   bash scripts/fuzz.sh --seconds 600 --target FuzzEnvironment
#   bash scripts/fuzz.sh --write-seeds                  # regenerate Fuzz/Corpus/ from the targets
#   bash scripts/fuzz.sh [--debug] --reproduce FuzzTraceContext .build-fuzz/fuzz/FuzzTraceContext/artifacts/crash-…
#
# Exits non-zero when a target crashes (a failed check, a trap, an ASan report, a timeout or
# running out of memory) and prints the reproducer's path. Needs only the Swift toolchain for
# Linux, which ships libFuzzer (-sanitize=fuzzer) and lld.
set -euo pipefail
cd "$(dirname "$0")/.."

all_targets=(FuzzTraceContext FuzzEnvironment FuzzExportResponse FuzzReceiverRequest)
seconds=60
targets=()
mode=run
reproduce_inputs=()
config=release
# Per-input time limit and memory limit for libFuzzer (an input over either is a failure).
input_timeout=10
rss_limit_mb=2048

usage() {
    sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'
    echo "Options: --seconds N, --target NAME (repeatable), --debug (build -Onone), --build-only,"
    echo "         --write-seeds, --reproduce NAME FILE..."
}

while [ $# -gt 0 ]; do
    case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --seconds=*) seconds="${1#*=}"; shift ;;
    --target) targets+=("$2"); shift 2 ;;
    --target=*) targets+=("${1#*=}"); shift ;;
    --debug) config=debug; shift ;;
    --build-only) mode=build; shift ;;
    --write-seeds) mode=seeds; shift ;;
    --reproduce) mode=reproduce; targets=("$2"); shift 2; reproduce_inputs=("$@"); set -- ;;
    -h | --help) usage; exit 0 ;;
    *) echo "fuzz.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
    esac
done
# (0 would mean "no limit" to libFuzzer.)
case "$seconds" in '' | *[!0-9]* | 0) echo "fuzz.sh: --seconds needs a whole number above 0" >&2; exit 2 ;; esac
[ ${#targets[@]} -gt 0 ] || targets=("${all_targets[@]}")
for target in "${targets[@]}"; do
    case " ${all_targets[*]} " in
    *" $target "*) ;;
    *) echo "fuzz.sh: unknown target '$target' (one of: ${all_targets[*]})" >&2; exit 2 ;;
    esac
done

scratch=.build-fuzz
export OTEL_FUZZ=1
# Crashes are reported by libFuzzer and ASan; the Swift runtime's backtracer would get in first
# (and its memory reader trips ASan).
export SWIFT_BACKTRACE=enable=no
build_flags=(
    -c "$config" --scratch-path "$scratch"
    # libFuzzer's coverage instrumentation and AddressSanitizer in every Swift module; testable
    # modules so that the targets reach internal decoders.
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -enable-testing
)
# The toolchain's lld: faster than gold, and gold cannot link some ASan-instrumented products.
swift_bin="$(dirname "$(command -v swift)")"
if [ -x "$swift_bin/ld.lld" ] || command -v ld.lld >/dev/null 2>&1; then
    build_flags+=(-Xswiftc -use-ld=lld)
fi

build_start=$SECONDS
for target in "${targets[@]}"; do
    echo "== build $target ($config) =="
    if ! nice -n 10 swift build "${build_flags[@]}" --product "$target" 2>&1 \
        | { grep -v -e '^\[[0-9]*/[0-9]*\]' -e 'Cannot export local symbol' || true; }; then
        echo "fuzz.sh: building $target failed" >&2
        exit 1
    fi
done
bin="$(swift build "${build_flags[@]}" --show-bin-path)"
echo "== built in $((SECONDS - build_start)) s =="

case "$mode" in
build) exit 0 ;;
seeds)
    for target in "${targets[@]}"; do
        rm -rf "Fuzz/Corpus/$target"
        mkdir -p "Fuzz/Corpus/$target"
        "$bin/$target" --write-seeds "Fuzz/Corpus/$target"
        echo "$target: $(ls "Fuzz/Corpus/$target" | wc -l) seeds, $(cat "Fuzz/Corpus/$target"/* | wc -c) bytes"
    done
    exit 0
    ;;
reproduce)
    exec "$bin/${targets[0]}" -rss_limit_mb="$rss_limit_mb" -timeout="$input_timeout" "${reproduce_inputs[@]}"
    ;;
esac

failed=()
for target in "${targets[@]}"; do
    work="$scratch/fuzz/$target"
    # New inputs accumulate here across local runs (a fresh build directory starts empty).
    mkdir -p "$work/corpus" "$work/artifacts"
    log="$work/run.log"
    echo "== fuzz $target for $seconds s (log: $log) =="
    status=0
    nice -n 10 "$bin/$target" \
        -max_total_time="$seconds" -timeout="$input_timeout" -rss_limit_mb="$rss_limit_mb" \
        -artifact_prefix="$work/artifacts/" -print_final_stats=1 \
        "$work/corpus" "Fuzz/Corpus/$target" >"$log" 2>&1 || status=$?
    if [ "$status" -eq 0 ]; then
        # The last progress line (executions, coverage, features, corpus) and the final stats.
        grep -E '^#[0-9]+' "$log" | tail -n 1
        grep -E '^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)' "$log" | tr '\n' ' '
        echo
    else
        tail -n 60 "$log"
        artifact="$(grep -oE 'Test unit written to [^ ]+' "$log" | tail -n 1 | sed 's/^Test unit written to //')"
        echo "fuzz.sh: $target FAILED (exit status $status); reproducer: ${artifact:-none written}" >&2
        config_flag=""
        [ "$config" = release ] || config_flag="--debug "
        [ -z "$artifact" ] || echo "  reproduce: bash scripts/fuzz.sh $config_flag--reproduce $target $artifact" >&2
        failed+=("$target")
    fi
done

if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzz.sh: failed: ${failed[*]}" >&2
    exit 1
fi
echo "== fuzzing passed: ${targets[*]} ($seconds s each) =="
