#!/usr/bin/env bash
# Runs the concurrency-heavy test suites under ThreadSanitizer; any data race it reports fails the run.
#
#   bash scripts/tsan.sh            # build the tests into .build-tsan, then run them
#   bash scripts/tsan.sh --no-build # run what .build-tsan already holds
#
# The suites (matched by type name, in every test module):
#   shutdown races (OtelSDKTests and CodexSessionTelemetryTests Reliability/ShutdownRaceTests);
#   batch processors and pipelines; metrics recorded from many threads, readers and providers;
#   lanes, the process-wide registry and context propagation; MetricsClient and OtelProvider;
#   the exporters and transports against the Python receiver (OTLP/HTTP, gRPC, TLS, faults,
#   retries) and the embedded OTLP/HTTP receiver.
# Left out: the 60 s soak under faults (several times longer under TSan), the suites that count
# allocations (the allocation counter is off under a sanitizer), the demo's end-to-end runs
# (timed single-flow runs that only get slower), and single-threaded encoding, validation and
# hostile-input suites.
# TSan stops the test process at its first report (halt_on_error=1, exit code 66), so a race
# fails `swift test`; the log is also scanned for reports, in case one came from a child process
# whose exit status a test did not check.
set -euo pipefail
cd "$(dirname "$0")/.."

scratch=.build-tsan
suites=(
    ShutdownRaceTests
    BatchSpanProcessorTests BatchLogRecordProcessorTests TracerProviderTests LoggerProviderTests
    ConcurrencyTests ShardedHistogramTests MetricReaderTests MeterProviderTests ObservableInstrumentTests
    TemporalityTests
    LaneRoutingTests RegistryInstallTests RegistryScopeTests ContextTests CurrentTraceContextTests
    MetricsClientTests OtelProviderTests RuntimeMetricsSummaryTests
    TransportIntegrationTests OTLPExportFaultTests OTLPTraceLogWireTests OTLPMetricWireTests
    StatsigLoopbackTests HTTPReceiverTests
)
filter=$(IFS='|'; echo "${suites[*]}")

build=1
for argument in "$@"; do
    case "$argument" in
        --no-build) build=0 ;;
        *) echo "usage: $0 [--no-build]" >&2; exit 2 ;;
    esac
done

echo "== python venv for the OTLP receiver the transport suites start =="
bash scripts/setup-venv.sh

if [ "$build" = 1 ]; then
    echo "== build with -sanitize=thread =="
    swift build --build-tests --sanitize=thread --scratch-path "$scratch"
fi

echo "== tests under ThreadSanitizer: $filter =="
mkdir -p "$scratch"
log="$scratch/tsan-test.log"
# history_size=4 keeps more stack history for the second stack of a report.
export TSAN_OPTIONS="halt_on_error=1 exitcode=66 history_size=4 ${TSAN_OPTIONS:-}"
set +e
swift test --skip-build --sanitize=thread --scratch-path "$scratch" --filter "$filter" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

if grep -q "WARNING: ThreadSanitizer" "$log"; then
    echo "error: ThreadSanitizer reported a problem (see above, or $log)"
    exit 1
fi
if [ "$status" -ne 0 ]; then
    echo "error: the tests failed under ThreadSanitizer (exit status $status)"
    exit "$status"
fi
echo "ThreadSanitizer: no reports"
