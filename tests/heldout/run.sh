#!/usr/bin/env bash
# An independent check of matching and coverage: a labelled data set written from docs/SPEC.md alone, by someone who had
# not read the worker's generator (src/Jamsostek/Demo) or its tests, run through the real command line and scored.
#   tests/heldout/run.sh [--xlsx] [--seed N]     (about 20 s; figures in docs/matching.md, "An independent held-out check")
# --xlsx turns every other roster file into the XLSX Excel would save (tests/heldout/to_xlsx.py): the same rows must give
# the same score. The worker's settings come from the environment as usual: Matching__SerialDifference=Correct scores
# SPEC 3.3 rule 2's letter for serial-only differences (docs/matching.md has both scores).
# Data in .local/heldout (29,777 roster rows over 40 desa, 120,164 register records), a fresh database heldout_<pid>,
# dropped at the end; the score is printed and kept in .local/heldout/score.txt.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo"
source scripts/lib/postgres.sh
pg_ensure >/dev/null
work="$repo/.local/heldout"
rm -rf "$work" && mkdir -p "$work"
xlsx=0
if [ "${1:-}" = --xlsx ]; then xlsx=1; shift; fi
python3 tests/heldout/gen.py --out "$work/data" "$@" >/dev/null
key="$work/data/answer_key.csv"
if [ $xlsx = 1 ]; then
  python3 tests/heldout/to_xlsx.py "$work/data"
  key="$work/data/answer_key_xlsx.csv"
fi
cp -r "$work/data" "$work/inbox"
db="heldout_$$"
psql -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -c "CREATE DATABASE $db"
trap 'psql -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -c "DROP DATABASE IF EXISTS $db"' EXIT
export ConnectionStrings__Jamsostek="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=$db"
dotnet build src/Jamsostek.Worker -c Release -v q -nologo >/dev/null
worker="dotnet src/Jamsostek.Worker/bin/Release/net10.0/Jamsostek.Worker.dll"
$worker migrate >/dev/null
# import roster exits 1 only when a file is rejected whole (bad rows are quarantined and the file taken: exit 0);
# the held-out set has no such file, but a score is still wanted if one appears.
$worker import roster "$work"/inbox/roster/* || [ $? -eq 1 ]
$worker import membership "$work/inbox/bpjs_membership.csv"
$worker reconcile --as-of 2026-12-01
$worker export coverage --out "$work/coverage.csv"
$worker export rejects --out "$work/rejects.csv"
python3 tests/heldout/score.py --key "$key" --cov "$work/coverage.csv" --rej "$work/rejects.csv" | tee "$work/score.txt"
