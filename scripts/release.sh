#!/usr/bin/env bash
# Makes the release archives: MUS published self-contained (no .NET needed on the server) for
# linux-x64, linux-arm64 and win-x64, each as release/mus-<version>-<rid>.tar.gz (.zip for Windows),
# and unpacked in release/<rid>/, which the Containerfile copies.
#   bash scripts/release.sh [version] [rid ...]     (version: git describe; rids: all three)
set -euo pipefail
cd "$(dirname "$0")/.."

version=${1:-$(git describe --tags --always --dirty 2>/dev/null || echo dev)}
shift || true
rids=("$@")
[ ${#rids[@]} -gt 0 ] || rids=(linux-x64 linux-arm64 win-x64)

mkdir -p release
for rid in "${rids[@]}"; do
  out="release/$rid"
  rm -rf "$out"
  echo "Publishing $rid..."
  # The front end is laid out once by the first build; the others reuse it.
  dotnet publish src/Mus.Web -c Release -r "$rid" --self-contained true -o "$out" \
    -p:RuntimeIdentifier="$rid" -p:InformationalVersion="$version" -p:DebugType=none -nologo -v:q
  rm -f "release/mus-$version-$rid".*
  if [[ "$rid" == win-* ]]; then
    (cd "$out" && python3 -c "import shutil,sys; shutil.make_archive(sys.argv[1], 'zip', '.')" "../mus-$version-$rid")
  else
    tar -C "$out" -czf "release/mus-$version-$rid.tar.gz" .
  fi
done
ls -l release/mus-"$version"-*
