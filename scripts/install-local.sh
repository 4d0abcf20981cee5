#!/usr/bin/env bash
# Builds the package and installs the packed tarball into this checkout's node_modules, so the
# quickstart, the e2e tests and the benchmarks use the package exactly as a user installs it.
# (npm refuses to install a package into a project of the same name, hence the manual unpack.)
set -euo pipefail
cd "$(dirname "$0")/.."

npm run --silent build
pack_dir=$(mktemp -d)
trap 'rm -rf "$pack_dir"' EXIT
npm pack --silent --pack-destination "$pack_dir" >/dev/null
dest=node_modules/exchange-cloud-managed
rm -rf "$dest"
mkdir -p "$dest"
tar -xzf "$pack_dir"/*.tgz -C "$dest" --strip-components=1
echo "installed exchange-cloud-managed into $dest" >&2
