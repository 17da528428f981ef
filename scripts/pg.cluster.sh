#!/usr/bin/env bash
# Throwaway PostgreSQL clusters for the outage and replica tests (and for trying DATABASE_READ_URL by
# hand): a primary on PORT and, with --replica, a streaming hot standby on PORT+1 made by
# pg_basebackup -R. Debian's postgresql-common tools; run as root. Trust authentication on 127.0.0.1
# only: these clusters hold test data and live for one test run.
#
#   scripts/pg.cluster.sh create NAME PORT [--replica]   → NAME_primary (PORT), NAME_replica (PORT+1)
#   scripts/pg.cluster.sh stop|start NAME [primary|replica]  (stop is fast: in-flight queries are cut off)
#   scripts/pg.cluster.sh drop NAME
#
# URLs: postgresql://postgres@127.0.0.1:PORT/postgres and …:PORT+1/postgres
set -euo pipefail
VERSION=15
command -v pg_createcluster >/dev/null || { echo "pg_createcluster not found (postgresql-common)" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "must run as root" >&2; exit 2; }

as_postgres() { runuser -u postgres -- "$@"; }

configure() { # cluster: listen on loopback, trust it, allow replication, favour speed over durability
  local cluster=$1 conf=/etc/postgresql/$VERSION/$1
  cat >"$conf/pg_hba.conf" <<HBA
local all all trust
host all all 127.0.0.1/32 trust
host replication all 127.0.0.1/32 trust
HBA
  cat >"$conf/conf.d/wangge-test.conf" <<CONF
listen_addresses = '127.0.0.1'
fsync = off
full_page_writes = off
shared_buffers = 64MB
max_connections = 60
wal_level = replica
max_wal_senders = 4
hot_standby = on
CONF
}

wait_ready() { for _ in $(seq 1 100); do pg_isready -q -h 127.0.0.1 -p "$1" && return 0; sleep 0.1; done; echo "port $1 not ready" >&2; return 1; }

drop() {
  for role in replica primary; do
    if pg_lsclusters -h | awk '{print $2}' | grep -qx "$1_$role"; then pg_dropcluster --stop $VERSION "$1_$role"; fi
  done
}

cmd=${1:-}; name=${2:-}
[ -n "$name" ] || { sed -n '2,11p' "$0" >&2; exit 2; }
case $cmd in
  create)
    port=${3:?port}; drop "$name"
    pg_createcluster -q $VERSION "${name}_primary" --port "$port" >/dev/null
    configure "${name}_primary"
    pg_ctlcluster $VERSION "${name}_primary" start
    wait_ready "$port"
    if [ "${4:-}" = --replica ]; then
      replica=$((port + 1))
      pg_createcluster -q $VERSION "${name}_replica" --port "$replica" >/dev/null
      configure "${name}_replica"
      data=/var/lib/postgresql/$VERSION/${name}_replica
      rm -rf "${data:?}"/*
      as_postgres pg_basebackup -h 127.0.0.1 -p "$port" -U postgres -D "$data" -R -X stream -c fast
      pg_ctlcluster $VERSION "${name}_replica" start
      wait_ready "$replica"
    fi
    ;;
  stop) pg_ctlcluster $VERSION "${name}_${3:-primary}" stop -m fast ;;
  start)
    pg_ctlcluster $VERSION "${name}_${3:-primary}" start
    wait_ready "$(pg_lsclusters -h | awk -v c="${name}_${3:-primary}" '$2 == c {print $3}')"
    ;;
  drop) drop "$name" ;;
  *) sed -n '2,11p' "$0" >&2; exit 2 ;;
esac
