# shellcheck shell=bash
# A private PostgreSQL cluster for this checkout: Debian's packages, an ordinary user, a project-local folder, a free port.
# Sourced by scripts/test.sh, scripts/run-local.sh and scripts/bench.sh; `pg_ensure` exports JAMSOSTEK_TEST_PG and
# ConnectionStrings__Jamsostek. PostgreSQL refuses to run as root, so as root the cluster belongs to the user jamsostek-pg.

# The checkout: the sourcing script's $repo, else the one this file is in (sourced by hand, $repo unset put the cluster in /.local).
repo=${repo:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
pg_root=${PG_ROOT:-"$repo/.local/postgres"}
pg_user=jamsostek-pg

as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u "$pg_user" -- "$@"; else "$@"; fi
}

pg_install() {
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    echo "Installing PostgreSQL from Debian's packages..." >&2
    if [ "$(id -u)" -eq 0 ]; then
      apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    else
      sudo apt-get update -qq >/dev/null && sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    fi
    # Debian's package starts its own cluster on 5432; ours is private, so that one is not needed.
    { service postgresql stop || true; } >/dev/null 2>&1
  fi
  pg_bin=$(dirname "$(ls -d /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)")
}

pg_free_port() {
  # Bash alone (a clean Debian machine has no Python before the SMTP server's is installed): a port nothing answers on.
  local port
  for _ in $(seq 1 100); do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
  echo "No free port found for PostgreSQL." >&2
  return 1
}

# An eighth of the machine's memory, at most 3 GB (the default-scale benchmark's register and its indexes, ~2 GB: with
# 512 MB every shard re-read them from the OS); PostgreSQL refuses to start when it asks for more than the machine has.
pg_shared_buffers() {
  local kb
  kb=$(awk '/^MemTotal:/ {print $2}' /proc/meminfo 2>/dev/null || echo 0)
  local mb=$((kb / 8 / 1024))
  [ "$mb" -gt 3072 ] && mb=3072
  [ "$mb" -lt 128 ] && mb=128
  echo "${PG_SHARED_BUFFERS:-${mb}MB}"
}

pg_ensure() {
  pg_install
  if [ "$(id -u)" -eq 0 ]; then
    id "$pg_user" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$pg_user"
    mkdir -p "$pg_root"
    chown "$pg_user" "$pg_root"
    # The cluster user must be able to reach its folder; a checkout under /root is not traversable for it.
    if ! runuser -u "$pg_user" -- test -w "$pg_root"; then
      pg_root="/var/tmp/jamsostek-postgres-$(echo "$repo" | md5sum | cut -c1-8)"
      mkdir -p "$pg_root" && chown "$pg_user" "$pg_root"
    fi
  else
    mkdir -p "$pg_root"
  fi
  local data="$pg_root/data"
  if [ ! -f "$data/PG_VERSION" ]; then
    as_pg "$pg_bin/initdb" -D "$data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  fi
  if ! as_pg "$pg_bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    local port=""
    # The port it had, while nothing else answers there: a running `serve` and the connection strings printed for other
    # terminals keep working across a restart of the cluster (a new port left serve failing until restarted by hand).
    if [ -s "$pg_root/port" ]; then
      port=$(cat "$pg_root/port")
      if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then port=""; fi
    fi
    [ -n "$port" ] || port=$(pg_free_port)
    local fast=()
    # Benchmarks and tests do not need durability across a machine crash; PG_FAST=0 keeps it.
    [ "${PG_FAST:-1}" = 1 ] && fast=(-c fsync=off -c synchronous_commit=off -c full_page_writes=off)
    # An unusual server time zone makes a time-zone bug show (as Hangfire.PostgreSql's CI does).
    as_pg "$pg_bin/pg_ctl" -D "$data" -l "$pg_root/server.log" -w -o \
      "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$pg_root -c timezone=Pacific/Tongatapu -c max_connections=300 -c shared_buffers=$(pg_shared_buffers) -c work_mem=64MB -c maintenance_work_mem=512MB -c max_wal_size=4GB ${fast[*]}" \
      start >/dev/null
    echo "$port" >"$pg_root/port"
  fi
  PG_PORT=$(cat "$pg_root/port")
  export PG_PORT PG_ROOT="$pg_root" PG_BIN="$pg_bin"
  pg_password_role_line "$data"
  export JAMSOSTEK_TEST_PG="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=postgres"
  if ! psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='jamsostek'" | grep -q 1; then
    psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "CREATE DATABASE jamsostek"
  fi
  export ConnectionStrings__Jamsostek="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=jamsostek"
}

# Every other login is trusted; this one role must give its password, so a test can show what a wrong password does.
pg_password_role_line() {
  local hba="$1/pg_hba.conf"
  local line="host all jamsostek_password_check 127.0.0.1/32 scram-sha-256"
  if ! as_pg grep -qxF "$line" "$hba"; then
    as_pg sed -i "1i $line" "$hba"
    as_pg "$pg_bin/pg_ctl" -D "$1" reload >/dev/null
  fi
}

pg_stop() {
  [ -n "${pg_bin:-}" ] && as_pg "$pg_bin/pg_ctl" -D "$pg_root/data" -m fast stop >/dev/null 2>&1 || true
}
