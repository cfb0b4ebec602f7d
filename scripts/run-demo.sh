#!/usr/bin/env bash
# Sets up and runs MUS on SQLite (./data/mus.db) with the demo organisation.
# The build installs the front-end packages (npm ci); the sign-in details are printed on start.
set -euo pipefail
cd "$(dirname "$0")/.."

command -v dotnet >/dev/null || { echo "The .NET 10 SDK is needed: https://dot.net" >&2; exit 1; }
command -v npm >/dev/null || { echo "Node.js 20 with npm is needed for the design system (dkfds)." >&2; exit 1; }

dotnet tool restore >/dev/null
# Approved plans are filed in ./data/journal, as a records system would pick them up (docs/deployment.md).
mkdir -p data/journal
exec dotnet run --project src/Mus.Web --launch-profile Mus.Web -- --demo --Journal:Target=Folder --Journal:Folder="$PWD/data/journal" "$@"
