#!/usr/bin/env bash
# Sets up and runs MUS on SQLite (./data/mus.db) with the demo organisation.
# The build installs the front-end packages (npm ci); the sign-in details are printed on start.
set -euo pipefail
cd "$(dirname "$0")/.."

command -v dotnet >/dev/null || { echo "The .NET 10 SDK is needed: https://dot.net" >&2; exit 1; }
command -v npm >/dev/null || { echo "Node.js 20 with npm is needed for the design system (dkfds)." >&2; exit 1; }

# The plan PDF embeds DejaVu Sans and needs fontconfig; install them from Debian when missing.
if command -v dpkg >/dev/null && ! { dpkg -s fonts-dejavu-core && dpkg -s libfontconfig1; } >/dev/null 2>&1; then
  as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
  as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-dejavu-core libfontconfig1 >/dev/null
fi

dotnet tool restore >/dev/null
# Approved plans are filed in ./data/journal, as a records system would pick them up (docs/deployment.md).
mkdir -p data/journal
exec dotnet run --project src/Mus.Web --launch-profile Mus.Web -- --demo --Journal:Target=Folder --Journal:Folder="$PWD/data/journal" "$@"
