#!/usr/bin/env bash
# Screenshots of built pages at phone and desktop width, for looking at what we ship.
# Usage: scripts/screenshots.sh [OUT_DIR] [PAGE ...]   (pages relative to public/;
# build first with `cargo run --release -- build`)
# Needs Debian's chromium. Writes OUT_DIR/<page-name>-<width>.png.
set -euo pipefail
out=${1:-screenshots}
shift || true
pages=("$@")
if [ ${#pages[@]} -eq 0 ]; then
  # Each site's front page, its guide's overview, a step page, a form page, the
  # search page and the glossary.
  pages=(index.html)
  for site in public/*/; do
    slug=$(basename "$site")
    [ "$slug" = assets ] && continue
    pages+=("$slug/index.html" "$slug/sok/index.html")
    guide=$(ls -d "public/$slug"/veileder/* 2>/dev/null | head -1 || true)
    [ -n "$guide" ] && pages+=("${guide#public/}/index.html")
    [ -f "public/$slug/ordliste/index.html" ] && pages+=("$slug/ordliste/index.html")
    step=$(ls -d "public/$slug"/veileder/*/steg-* 2>/dev/null | head -1 || true)
    [ -n "$step" ] && pages+=("${step#public/}/index.html")
    form=$(ls -d "public/$slug"/skjema/* 2>/dev/null | head -1 || true)
    [ -n "$form" ] && pages+=("${form#public/}/index.html")
  done
fi
mkdir -p "$out"
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
for page in "${pages[@]}"; do
  name=$(echo "$page" | sed 's#/index.html##; s#/#_#g; s#\.html##')
  for width in 320 1280; do
    height=$([ "$width" = 320 ] && echo 2400 || echo 1800)
    chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
      --disable-component-update --no-first-run --hide-scrollbars \
      --user-data-dir="$profile" --window-size="$width,$height" \
      --screenshot="$out/$name-$width.png" "file://$PWD/public/$page" >/dev/null 2>&1
  done
done
echo "screenshots in $out/"
