#!/usr/bin/env bash
# The benchmark of issue 6, one command: scripts/bench.sh [--scale small|default] [--layout per-desa|single] [--env Key=Value]...
# Generates synthetic data (SyntheticData), measures the floor (psql \copy + one hash-join query) and the worker's own
# commands as child processes on a fresh database, prints a table and writes BenchmarkResults/bench-<timestamp>.json.
# A server given in the environment is used as it is (JAMSOSTEK_TEST_PG, or PG_PORT on 127.0.0.1); otherwise a private
# cluster is started (scripts/lib/postgres.sh).
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
# shellcheck source=lib/postgres.sh
source "$repo/scripts/lib/postgres.sh"

if [ -z "${JAMSOSTEK_TEST_PG:-}" ] && [ -n "${PG_PORT:-}" ]; then
  export JAMSOSTEK_TEST_PG="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=postgres"
fi
if [ -z "${JAMSOSTEK_TEST_PG:-}" ]; then
  pg_ensure
fi

# The worker as the regency's server runs it (README, "On the regency's server"): published ahead-of-time compiled.
worker="$repo/.local/bench-worker"
dotnet publish "$repo/src/Jamsostek.Worker" -p:PublishProfile=Server -o "$worker" -v quiet --nologo -clp:NoSummary
dotnet build "$repo/tests/Jamsostek.Benchmarks" -c Release -v quiet --nologo -clp:NoSummary
exec dotnet "$repo/tests/Jamsostek.Benchmarks/bin/Release/net10.0/Jamsostek.Benchmarks.dll" \
  --worker "$worker/Jamsostek.Worker.dll" \
  --work "${BENCH_WORK:-$repo/.local/bench}" \
  --results "$repo/BenchmarkResults" \
  "$@"
