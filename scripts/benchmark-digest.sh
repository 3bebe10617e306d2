#!/usr/bin/env bash
# Measures rendering and delivering one week's digest to 356 recipients (the regency, 29 kecamatan, 326 desa) on synthetic
# data, to a local aiosmtpd (python3-aiosmtpd). A measurement, not a test: see docs/benchmark-digest.md.
# Usage: scripts/benchmark-digest.sh [people-per-desa]   (PostgreSQL from JAMSOSTEK_BENCH_PG_HOST/PORT/USER, default the test server)
set -euo pipefail
cd "$(dirname "$0")/.."
per_desa="${1:-60}"
host="${JAMSOSTEK_BENCH_PG_HOST:-127.0.0.1}"
port="${JAMSOSTEK_BENCH_PG_PORT:-57933}"
user="${JAMSOSTEK_BENCH_PG_USER:-postgres}"
database=jamsostek_digest_benchmark
smtp_port="${JAMSOSTEK_BENCH_SMTP_PORT:-2525}"
work="$(mktemp -d)"
worker=src/Jamsostek.Worker/bin/Release/net10.0/Jamsostek.Worker.dll

dotnet build src/Jamsostek.Worker -c Release --nologo -v quiet >/dev/null
psql "host=$host port=$port user=$user dbname=postgres" -q -c "DROP DATABASE IF EXISTS $database WITH (FORCE)" -c "CREATE DATABASE $database"
export ConnectionStrings__Jamsostek="Host=$host;Port=$port;Username=$user;Database=$database"
export Logging__LogLevel__Default=Warning Logging__LogLevel__Jamsostek=Information
dotnet "$worker" migrate >/dev/null
psql "host=$host port=$port user=$user dbname=$database" -q -v week_end=2026-11-22 -v per_desa="$per_desa" -f scripts/digest-synthetic-data.sql
dotnet "$worker" digest recipients seed --domain serangkab.test

/usr/bin/python3 -m aiosmtpd -n -l "127.0.0.1:$smtp_port" -c aiosmtpd.handlers.Mailbox "$work/Maildir" &
smtp_pid=$!
trap 'kill "$smtp_pid" 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$smtp_port") 2>/dev/null && break; sleep 0.1; done

export Digest__Smtp__Host=127.0.0.1 Digest__Smtp__Port="$smtp_port" Digest__Smtp__Security=None
export Digest__Smtp__From="Jamsostek Kabupaten Serang <ringkasan@serangkab.test>"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
/usr/bin/time -f "digest send (render 356 + deliver, including process start): %e s wall, %U s user + %S s system CPU in the worker" \
  dotnet "$worker" digest send --week 2026-W47
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
people=$(psql "host=$host port=$port user=$user dbname=$database" -At -c "SELECT count(*) FROM roster.entry")
echo "people: $people; messages in the mailbox: $(ls "$work/Maildir/new" | wc -l); size: $(du -sh "$work/Maildir" | cut -f1)"
