#!/usr/bin/env bash
# Runs the service locally: a private PostgreSQL (installed from Debian's packages when missing), migrations, and
# `serve` with a local admin login printed below. `scripts/run-local.sh demo` first seeds synthetic Serang data and
# runs one night, so the dashboard, exports, review queue and digests show real results.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
# shellcheck source=scripts/lib/postgres.sh
source scripts/lib/postgres.sh
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

pg_ensure
dotnet build src/Jamsostek.Worker -c Release -o .local/bin -v quiet -nologo
worker=(dotnet .local/bin/Jamsostek.Worker.dll)

local_dir="$repo/.local"
mkdir -p "$local_dir/inbox/roster" "$local_dir/inbox/membership" "$local_dir/outbox-pickup"
export Rosters__InboxPath="$local_dir/inbox/roster"
export Membership__InboxPath="$local_dir/inbox/membership"
export Digest__PickupPath="$local_dir/outbox-pickup"
# The demo's answer key and file manifest: generated, never part of the checkout.
export Demo__WorkingFolder="$local_dir/demo"

# A local admin login, generated once and kept out of the repository (.local/ is ignored).
if [ ! -s "$local_dir/admin-password" ]; then
  (umask 077 && head -c 18 /dev/urandom | base64 | tr -d '/+=' >"$local_dir/admin-password")
fi
password=$(cat "$local_dir/admin-password")
export Dashboard__Users__0__Name=admin
export Dashboard__Users__0__Role=Admin
Dashboard__Users__0__PasswordHash=$(printf '%s\n' "$password" | "${worker[@]}" hash-password)
export Dashboard__Users__0__PasswordHash

"${worker[@]}" migrate
if [ "${1:-}" = demo ]; then
  "${worker[@]}" demo
fi

port=${PORT:-$(pg_free_port)}
pg_stop_command="$PG_BIN/pg_ctl -D $PG_ROOT/data stop"
# PostgreSQL refuses root: as root the cluster belongs to its own user (lib/postgres.sh).
[ "$(id -u)" -eq 0 ] && pg_stop_command="runuser -u $pg_user -- $pg_stop_command"
cat <<INFO

Jamsostek Worker is starting on http://127.0.0.1:$port
  dashboard  http://127.0.0.1:$port/hangfire   user: admin   password: $password
  health     http://127.0.0.1:$port/health/ready
  inboxes    $local_dir/inbox/roster  $local_dir/inbox/membership
  digests    $local_dir/outbox-pickup (.eml files, no SMTP host configured); the demo's previews in $local_dir/demo/digest
  commands   in another terminal, with the same database and folders:
             export ConnectionStrings__Jamsostek='$ConnectionStrings__Jamsostek'
             export Rosters__InboxPath='$Rosters__InboxPath' Membership__InboxPath='$Membership__InboxPath'
             export Digest__PickupPath='$Digest__PickupPath'
             dotnet '$local_dir/bin/Jamsostek.Worker.dll' export coverage --out coverage.csv
Stop with Ctrl+C; PostgreSQL keeps running in $PG_ROOT (stop it with: $pg_stop_command).

INFO
exec "${worker[@]}" serve --urls "http://127.0.0.1:$port"
