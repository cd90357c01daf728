#!/usr/bin/env bash
# Copy the Decap CMS bundle installed by npm (package.json pins the version) into
# vendor/decap-cms/, and list its files for `veiviser serve` to embed. Run after
# changing the version in package.json: `npm ci && bash scripts/vendor-decap.sh`.
# tests/admin.rs checks that the vendored copy is the installed one.
set -euo pipefail
cd "$(dirname "$0")/.."
src=node_modules/decap-cms/dist
dst=vendor/decap-cms
rm -rf "$dst"
mkdir -p "$dst"
cp "$src/decap-cms.js" "$src"/*.decap-cms.js "$src"/*.wasm "$src/decap-cms.js.LICENSE.txt" "$dst/"
cp node_modules/decap-cms/package.json "$dst/package.json"
list=src/serve/admin/bundle.rs
{
  echo "//! The Decap CMS bundle, vendored by scripts/vendor-decap.sh from npm. Generated: do not edit."
  echo
  echo "/// (file name, bytes) of every file of the bundle, served under \`/admin/\`."
  echo "pub const FILES: &[(&str, &[u8])] = &["
  for f in $(cd "$dst" && ls | grep -v '^package.json$' | LC_ALL=C sort); do
    echo "    (\"$f\", include_bytes!(\"../../../$dst/$f\")),"
  done
  echo "];"
} > "$list"
echo "vendored decap-cms $(node -p "require('./$dst/package.json').version") into $dst ($(du -sh "$dst" | cut -f1))"
