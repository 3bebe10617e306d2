#!/usr/bin/env bash
# The whole test suite, as CI runs it (.ci/run): a private PostgreSQL, the SMTP server package, build with warnings as
# errors, formatting check, every test, and the benchmark at its small scale as a smoke test.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
# shellcheck source=scripts/lib/postgres.sh
source scripts/lib/postgres.sh
# shellcheck source=scripts/lib/smtp.sh
source scripts/lib/smtp.sh
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

pg_ensure
smtp_install
echo "PostgreSQL on 127.0.0.1:$PG_PORT ($PG_ROOT)"

dotnet restore Jamsostek.Worker.sln
dotnet build Jamsostek.Worker.sln -c Release --no-restore
dotnet format Jamsostek.Worker.sln --verify-no-changes --no-restore
dotnet test Jamsostek.Worker.sln -c Release --no-build --logger "console;verbosity=normal" "$@"

if [ -x scripts/bench.sh ] && [ "${SKIP_BENCH_SMOKE:-0}" != 1 ]; then
  scripts/bench.sh --scale small
fi
