#!/usr/bin/env bash
# A long fuzz run: the property-based fuzz targets of tests/fuzz.rs, again and
# again with fresh random seeds, for SECONDS seconds (default 1800).
#
#     bench/fuzz.sh [SECONDS] [CASES_PER_TARGET]
#
# Prints one line per run; a failing run's output is kept in target/fuzz-failure-N.log.
set -uo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-1800}
export BEKWAAM_FUZZ_CASES=${2:-20000}
cargo test --release --test fuzz --no-run >/dev/null 2>&1
end=$(( $(date +%s) + seconds ))
runs=0
failures=0
echo "start $(date)"
while [ "$(date +%s)" -lt "$end" ]; do
    if ! cargo test --release --test fuzz -q > target/fuzz-last.log 2>&1; then
        failures=$((failures + 1))
        cp target/fuzz-last.log "target/fuzz-failure-$runs.log"
        echo "run $runs FAILED: target/fuzz-failure-$runs.log"
    fi
    runs=$((runs + 1))
    echo "run $runs done $(date +%T)"
done
echo "end $(date): $runs runs x 5 targets x $BEKWAAM_FUZZ_CASES cases, $failures failing runs"
