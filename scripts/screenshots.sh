#!/usr/bin/env bash
# Screenshots of built pages at phone and desktop width, for looking at what we ship.
# Usage: scripts/screenshots.sh [OUT_DIR] [PAGE ...]   (pages relative to public/)
# Needs Debian's chromium. Writes OUT_DIR/<page-name>-<width>.png.
set -euo pipefail
out=${1:-screenshots}
shift || true
pages=("$@")
if [ ${#pages[@]} -eq 0 ]; then
  pages=(index.html ovre-eiker/index.html ovre-eiker/veileder/handlingsveileder/index.html
         ovre-eiker/veileder/handlingsveileder/steg-0-4/index.html ovre-eiker/verktoy/index.html)
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
