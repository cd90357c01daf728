#!/usr/bin/env bash
# Browser tests of the built sites: axe-core on every page at 320 and 1280 px, no request
# leaving the site, no console errors, keyboard use, and the fillable forms.
# Builds the site into a temporary folder, installs what is missing (node_modules from
# package-lock.json, Debian's chromium), then runs `node --test tests/browser/`.
# Exits non-zero on any failure. Needs cargo, node >= 20 and npm.
#
# Usage: scripts/browser-tests.sh
#   VEIVISER_BROWSER_REPORT=file.jsonl  also write one JSON line per page checked
#   VEIVISER_CONCURRENCY=N              pages at once in pages.test.mjs (default 3)
set -euo pipefail
cd "$(dirname "$0")/.."

export DEBIAN_FRONTEND=noninteractive
export CARGO_TERM_COLOR=never

dir=$(mktemp -d "${TMPDIR:-/tmp}/veiviser-browser-XXXXXX")
trap 'rm -rf "$dir"' EXIT

echo "== building the site into $dir"
cargo run --release --quiet -- build --out "$dir"

if [ ! -d node_modules/playwright-core ] || [ ! -d node_modules/axe-core ]; then
  echo "== npm ci"
  npm ci --no-audit --no-fund
fi

if [ ! -x /usr/bin/chromium ]; then
  echo "== installing chromium"
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi

echo "== node --test tests/browser/"
# A full run always tests every page.
unset VEIVISER_ONLY
export VEIVISER_SITE="$dir"
# admin.test.mjs runs `veiviser serve` on a copy of the content: the binary just built.
target_dir="${CARGO_TARGET_DIR:-$PWD/target}"
export VEIVISER_BIN="$target_dir/release/veiviser"
start=$(date +%s)
status=0
# One test file at a time: each starts its own browser, and the machine has 2 cores.
node --test --test-concurrency=1 tests/browser/ || status=$?
echo "== browser tests took $(( $(date +%s) - start )) s; exit status $status"
exit "$status"
