#!/bin/bash
# Adds a migration named $1 for both databases, each in its own folder beside the web project
# (src/Mus.Migrations.Sqlite, src/Mus.Migrations.Postgres).
set -euo pipefail
name=${1:?usage: bash scripts/add-migration.sh Name}
cd "$(dirname "$0")/../src/Mus.Web"
for provider in Sqlite Postgres; do
  dotnet ef migrations add "$name" --context "${provider}AppDbContext" \
    --output-dir "../Mus.Migrations.$provider" --namespace "Mus.Web.Data.$provider.Migrations"
  # The tool looks for the model snapshot inside this project only, so it writes the new one where the
  # namespace points here; it belongs beside the migrations, over the old one.
  mv "Mus/Web/Data/$provider/Migrations/${provider}AppDbContextModelSnapshot.cs" "../Mus.Migrations.$provider/"
  rm -r Mus
done
