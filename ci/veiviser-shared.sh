#!/bin/sh
# veiviser-shared: put veiviser's default theme and shared content (the guidance
# catalogue, the standard forms, the national numbers) beside `municipalities/` in
# the current folder, where the repository has none of its own. A municipality's
# repository then needs to hold only `municipalities/`. Installed by the container
# image and the .deb, which keep both under /usr/share/veiviser.
set -eu
share="${VEIVISER_SHARE:-/usr/share/veiviser}"
if [ ! -d municipalities ]; then
  echo "veiviser-shared: no municipalities/ here; run it in the folder that holds it" >&2
  exit 1
fi
for dir in themes content; do
  if [ -e "$dir" ]; then
    echo "veiviser-shared: $dir/ is already here; it is used as it is" >&2
  else
    cp -R "$share/$dir" "$dir"
    echo "veiviser-shared: copied $share/$dir/ to $dir/" >&2
  fi
done
