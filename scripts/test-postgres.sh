#!/usr/bin/env bash
# Starts the local PostgreSQL cluster (Debian's postgresql package) and creates the role and database
# the integration tests and benchmarks use. Idempotent; run as root.
#   role swanledger / password swanledger (may create databases), database swanledger_test, on 127.0.0.1:5432
set -euo pipefail

if ! command -v pg_lsclusters >/dev/null; then
  echo "PostgreSQL is not installed: apt-get install -y postgresql" >&2
  exit 1
fi
read -r version cluster _ < <(pg_lsclusters --no-header | head -n 1) || true
if [ -z "${version:-}" ]; then
  version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
  cluster=main
  pg_createcluster "$version" "$cluster"
fi
if ! pg_lsclusters --no-header | awk -v v="$version" -v c="$cluster" '$1==v && $2==c && $4=="online"' | grep -q .; then
  pg_ctlcluster "$version" "$cluster" start
fi
for _ in $(seq 1 30); do
  runuser -u postgres -- pg_isready -q -h 127.0.0.1 -p 5432 && break
  sleep 1
done
runuser -u postgres -- pg_isready -h 127.0.0.1 -p 5432

psql_su() { runuser -u postgres -- psql -v ON_ERROR_STOP=1 -qAt "$@"; }
if [ "$(psql_su -c "select 1 from pg_roles where rolname='swanledger'")" != "1" ]; then
  psql_su -c "create role swanledger login password 'swanledger'"
fi
# tests create a database per run (and drop it), so that runs never see each other's tables
psql_su -c "alter role swanledger createdb"
if [ "$(psql_su -c "select 1 from pg_database where datname='swanledger_test'")" != "1" ]; then
  psql_su -c "create database swanledger_test owner swanledger"
fi
echo "PostgreSQL $version/$cluster ready: jdbc:postgresql://127.0.0.1:5432/swanledger_test (swanledger)"
