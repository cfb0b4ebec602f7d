#!/usr/bin/env bash
# Sets up and runs every test: installs Debian's Chromium, nginx (the proxy of the several-instances test), poppler-utils (pdffonts, for the PDF tests) and podman (the container image) if missing, starts a throwaway
# PostgreSQL if one is installed (its tests are skipped, not passed, without it), runs
# `dotnet test`, and prints "N passed, N failed, N skipped" as the last line.
set -uo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/sbin/nginx ] || missing+=(nginx)
[ -x /usr/bin/pdffonts ] || missing+=(poppler-utils)
[ -x /usr/bin/qpdf ] || missing+=(qpdf)
# The container image is built and run by the tests (TOOLCHAIN.md: podman with runc; debootstrap makes its base).
[ -x /usr/bin/podman ] || missing+=(podman)
[ -x /usr/sbin/runc ] || [ -x /usr/bin/runc ] || missing+=(runc)
[ -x /usr/sbin/debootstrap ] || missing+=(debootstrap)
command -v python3 >/dev/null || missing+=(python3)
dpkg -s python3-yaml >/dev/null 2>&1 || missing+=(python3-yaml)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]} from Debian for the browser and PDF tests..."
  as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
pg_data=""
stop_postgres() {
  if [ -n "$pg_data" ]; then
    as_postgres "$pg_bin/pg_ctl" -D "$pg_data" -m immediate stop >/dev/null 2>&1
    rm -rf "$pg_data"
  fi
}
trap stop_postgres EXIT

if [ -n "$pg_bin" ] && [ -x "$pg_bin/initdb" ]; then
  # initdb refuses to run as root, so a root caller runs the server as the postgres user.
  if [ "$(id -u)" -eq 0 ]; then as_postgres() { runuser -u postgres -- "$@"; }; else as_postgres() { "$@"; }; fi
  pg_data=$(mktemp -d)
  [ "$(id -u)" -eq 0 ] && chown postgres "$pg_data"
  pg_port=54329
  while (exec 3<>"/dev/tcp/127.0.0.1/$pg_port") 2>/dev/null; do pg_port=$((pg_port + 1)); done
  if as_postgres "$pg_bin/initdb" -D "$pg_data" -U postgres --auth=trust >/dev/null &&
     as_postgres "$pg_bin/pg_ctl" -D "$pg_data" -l "$pg_data/server.log" -w \
       -o "-h 127.0.0.1 -p $pg_port -k $pg_data -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start >/dev/null; then
    export MUS_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres"
    export MUS_TEST_PG_DUMP="$pg_bin/pg_dump"
    export MUS_TEST_PG_DATA="$pg_data"
    echo "Throwaway PostgreSQL on port $pg_port."
  else
    echo "PostgreSQL did not start; its tests will be skipped." >&2
    cat "$pg_data/server.log" >&2 2>/dev/null
  fi
else
  echo "PostgreSQL is not installed; its tests will be skipped."
fi
# CI sets MUS_REQUIRE_POSTGRES=1: there, skipped PostgreSQL cases would hide half the data tests, so no server is a failure.
if [ "${MUS_REQUIRE_POSTGRES:-0}" = 1 ] && [ -z "${MUS_TEST_POSTGRES:-}" ]; then
  echo "MUS_REQUIRE_POSTGRES=1 but no PostgreSQL is running for the tests." >&2
  echo "0 passed, 1 failed, 0 skipped"
  exit 1
fi

dotnet tool restore >/dev/null
# The second iCalendar parser the tests run under node (npm's ical.js, pinned by its lock file).
(cd tests/Mus.Tests/Calendar/icaljs && npm ci --no-audit --no-fund --loglevel=error) || { echo "npm ci for ical.js failed." >&2; exit 1; }
# The independent reader of /metrics (npm's parse-prometheus-text-format, pinned by its lock file).
(cd tests/Mus.Tests/Infrastructure/Telemetry/prometheus && npm ci --no-audit --no-fund --loglevel=error) || { echo "npm ci for parse-prometheus-text-format failed." >&2; exit 1; }
# Redocly's linter for the API's OpenAPI document (npm's @redocly/cli, pinned by its lock file).
(cd tests/Mus.Tests/Api/lint && npm ci --no-audit --no-fund --loglevel=error) || { echo "npm ci for @redocly/cli failed." >&2; exit 1; }
# The OpenID provider the single sign-on tests sign in at (npm's oidc-provider, pinned by its lock file).
(cd tests/Mus.Tests/Infrastructure/Oidc/provider && npm ci --no-audit --no-fund --loglevel=error) || { echo "npm ci for oidc-provider failed." >&2; exit 1; }
log=$(mktemp)
dotnet test Mus.slnx 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# One line per test assembly: "Passed!  - Failed:     0, Passed:    84, Skipped:     4, Total: ..."
read -r passed failed skipped < <(grep -E '^(Passed|Failed)!' "$log" | sed -E 's/.*Failed: *([0-9]+), Passed: *([0-9]+), Skipped: *([0-9]+).*/\2 \1 \3/' |
  awk '{p+=$1; f+=$2; s+=$3} END {print p+0, f+0, s+0}')
rm -f "$log"
if [ "$passed" -eq 0 ] && [ "$status" -eq 0 ]; then status=1; fi
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
