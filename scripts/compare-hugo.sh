#!/usr/bin/env bash
# Compares veiviser with Hugo building the same number of pages on this machine, in
# the same run. Not a test: it measures, it does not pass or fail.
#
# Usage: scripts/compare-hugo.sh [fullest] [MUNICIPALITIES] [RUNS]   (defaults: 357 5)
#
# 1. Runs veiviser's country benchmark (`cargo bench --bench country`) and takes the
#    number of pages it built. With `fullest`, the fullest country instead (copies of
#    the fullest municipality, Øvre Eiker, with all its forms; `-- fullest`), each
#    build a process of its own, so that veiviser's CPU time and peak memory are
#    measured per build as Hugo's are.
# 2. Generates a plain Hugo site with exactly that many Markdown pages, in sections of
#    about 30 pages (as municipalities with their pages), with a minimal layout whose
#    pages list their section's pages (as veiviser's pages list their guide's steps).
# 3. Times Hugo the way the benchmark times veiviser: RUNS runs, each a build into a
#    new output folder and then a second build over the same output. Nothing is
#    deleted between runs, and the script waits after each mass deletion (the
#    benchmark's clean-up, Hugo's check build): ext4 will not reuse an inode within
#    30 s of its deletion, and creating thousands of files right after deleting
#    thousands costs up to twice the write time while it skips over them.
# 4. Prints a summary table of both, with the machine it ran on.
#
# Installs Debian's `hugo` (and `time`) if missing. Needs python3 and cargo.
set -euo pipefail

mode=country
if [ "${1:-}" = fullest ]; then
  mode=fullest
  shift
fi
municipalities=${1:-357}
runs=${2:-5}
for n in "$municipalities" "$runs"; do
  if ! [[ $n =~ ^[1-9][0-9]*$ ]]; then
    echo "usage: $0 [fullest] [MUNICIPALITIES] [RUNS]   (positive whole numbers)" >&2
    exit 2
  fi
done

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
per_section=30

# Runs a command as root: directly if we are root, through sudo otherwise.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# --- Tools -------------------------------------------------------------------------

if ! command -v hugo >/dev/null 2>&1; then
  echo "== Installing Hugo from Debian's packages"
  as_root apt-get install -y hugo
fi
# GNU time gives the peak memory (maximum resident set size) of each Hugo build.
if [ ! -x /usr/bin/time ]; then
  echo "== Installing GNU time"
  as_root apt-get install -y time
fi
echo "== $(hugo version)"

# --- veiviser ----------------------------------------------------------------------

echo "== Building veiviser's country benchmark"
(cd "$repo" && cargo bench --bench country --no-run)

echo "== veiviser ($mode): $municipalities municipalities, $runs runs"
veiviser_out=$(mktemp)
work=$(mktemp -d)
trap 'rm -rf "$work" "$veiviser_out"' EXIT
if [ "$mode" = fullest ]; then
  (cd "$repo" && cargo bench --bench country -- fullest "$municipalities" "$runs") | tee "$veiviser_out"
else
  (cd "$repo" && cargo bench --bench country -- "$municipalities" "$runs") | tee "$veiviser_out"
fi

# "357 municipalities, 10087 pages, 881 forms, ...; peak memory 297 MB", or
# "fullest country: 357 copies of ovre-eiker, 15710 pages, 1428 forms, ..."
first=$(grep -m1 -E ' municipalities, |^fullest country: ' "$veiviser_out" || true)
pages=$(sed -n 's/.* \([0-9][0-9]*\) pages,.*/\1/p' <<<"$first")
if [ -z "$pages" ]; then
  echo "could not read the page count from the benchmark's output" >&2
  exit 1
fi
if [ "$mode" = fullest ]; then
  # Per build: the largest of the medians of a first build and a rebuild.
  v_memory=$(sed -n 's/.*peak memory \([0-9.]*\) MB (.*/\1/p' "$veiviser_out" | sort -g | tail -n1)
  v_cpu() { sed -n "s/.*$1: .*; CPU \([0-9.]*\) s.*/\1/p" "$veiviser_out"; }
  v_cold_cpu=$(v_cpu 'into a new folder')
  v_rebuild_cpu=$(v_cpu 'rebuild over it')
else
  v_memory=$(sed -n 's/.*peak memory \([0-9.]*\) MB.*/\1/p' <<<"$first")
  v_cold_cpu=-
  v_rebuild_cpu=-
fi
# "  into a new folder: median 4.620 s (min ..., 3 runs), 2184 pages/s, 191 forms/s"
v_median() { sed -n "s/.*$1: median \([0-9.]*\) s.*/\1/p" "$veiviser_out"; }
v_rate() { sed -n "s/.*$1: .*), \([0-9]*\) pages\/s.*/\1/p" "$veiviser_out"; }
v_cold=$(v_median 'into a new folder')
v_rebuild=$(v_median 'rebuild over it')
v_cold_rate=$(v_rate 'into a new folder')
v_rebuild_rate=$(v_rate 'rebuild over it')

# --- The Hugo site -----------------------------------------------------------------

site=$work/site
echo "== Generating a Hugo site with $pages pages in $work"
mkdir -p "$site/layouts/_default" "$site/content"

cat >"$site/hugo.toml" <<'EOF'
baseURL = "/"
title = "Veiviser mot Hugo"
languageCode = "nb"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
EOF

cat >"$site/layouts/_default/baseof.html" <<'EOF'
<!doctype html>
<html lang="{{ .Site.LanguageCode }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} – {{ .Site.Title }}</title>
</head>
<body>
<main>
{{ block "main" . }}{{ end }}
</main>
</body>
</html>
EOF

# Each page lists its section's pages, as veiviser's steps list their guide's steps.
cat >"$site/layouts/_default/single.html" <<'EOF'
{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
<nav><ol>
{{ range .CurrentSection.RegularPages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}
</ol></nav>
{{ end }}
EOF

cat >"$site/layouts/_default/list.html" <<'EOF'
{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
<ul>
{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}
</ul>
{{ end }}
EOF

# The pages: deterministic (a fixed seed per page), about 2 KB of text each. Python
# writes 10,000 files in well under a second, where a shell loop would take minutes.
python3 - "$site/content" "$pages" "$per_section" <<'EOF'
import os, random, sys

root, pages, per_section = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
words = (
    "søknad kommune barnehage skole helse omsorg bolig vei vann avløp renovasjon "
    "byggesak tillatelse skjema vedlegg frist gebyr tilskudd stønad plass opptak "
    "foreldre barn elev lærer lege sykehjem hjemmetjeneste assistanse avlastning "
    "dokumentasjon søker saksbehandler vedtak klage svar adresse eiendom tomt "
    "oppmåling reguleringsplan nabovarsel ansvarlig ferdigattest innbygger "
    "digital innlogging samtykke personvern informasjon veiledning steg neste "
    "forrige og i på til for med som er det en et av at har kan skal må vil ikke "
    "du din ditt dine vi oss deres når hvis eller men også etter før under over"
).split()
made = 0
section = 0
while made < pages:
    section += 1
    folder = os.path.join(root, f"s{section:04d}")
    os.makedirs(folder)
    with open(os.path.join(folder, "_index.md"), "w", encoding="utf-8") as f:
        f.write(f'---\ntitle: "Kommune {section}"\n---\n')
    for number in range(1, min(per_section, pages - made) + 1):
        rng = random.Random(made)
        title = " ".join(rng.choice(words) for _ in range(4)).capitalize()
        paragraphs, size = [], 0
        while size < 2000:
            sentences = []
            for _ in range(rng.randint(3, 6)):
                sentence = " ".join(rng.choice(words) for _ in range(rng.randint(6, 14)))
                sentences.append(sentence.capitalize() + ".")
            paragraph = " ".join(sentences)
            paragraphs.append(paragraph)
            size += len(paragraph.encode("utf-8")) + 2
        with open(os.path.join(folder, f"p{number:04d}.md"), "w", encoding="utf-8") as f:
            f.write(f'---\ntitle: "{title}"\n---\n\n' + "\n\n".join(paragraphs) + "\n")
        made += 1
print(f"{made} pages in {section} sections")
EOF

# One build outside the timing, with Hugo's own report, so errors and warnings show.
echo "== Hugo: a check build (not timed)"
hugo --source "$site" --destination "$work/check"
rm -rf "$work/check"
# See the top: let ext4 forget the deletions (the benchmark's and this one).
echo "== Waiting 35 s after the deletions"
sleep 35

# --- Timing Hugo -------------------------------------------------------------------

# Times one Hugo build into $out: appends the wall time in seconds to the file $1,
# its CPU time (user + system) to $1.cpu, and the peak memory in KB to $work/memory.
time_hugo() {
  local started ended
  started=$(date +%s.%N)
  /usr/bin/time -f "%M %U %S" -o "$work/usage" \
    hugo --quiet --source "$site" --destination "$out"
  ended=$(date +%s.%N)
  awk -v a="$started" -v b="$ended" 'BEGIN { printf "%.3f\n", b - a }' >>"$1"
  awk '{ print $1 }' "$work/usage" >>"$work/memory"
  awk '{ printf "%.2f\n", $2 + $3 }' "$work/usage" >>"$1.cpu"
}

echo "== Hugo: $runs runs"
: >"$work/cold"
: >"$work/rebuild"
: >"$work/cold.cpu"
: >"$work/rebuild.cpu"
: >"$work/memory"
for ((run = 1; run <= runs; run++)); do
  # A first build into a new folder, then the same build again over it.
  out=$work/public-$run
  time_hugo "$work/cold"
  time_hugo "$work/rebuild"
  echo "  run $run: new folder $(tail -n1 "$work/cold") s, rebuild $(tail -n1 "$work/rebuild") s"
done

written=$(find "$out" -name index.html | wc -l)
sections=$(find "$site/content" -mindepth 1 -maxdepth 1 -type d | wc -l)
h_memory=$(sort -n "$work/memory" | tail -n1 | awk '{ printf "%.0f", $1 / 1024 }')

# Prints "median min max pages/s" of the times in file $1, the median taken as the
# benchmark takes it (the element at len/2 of the sorted times).
stats() {
  sort -g "$1" | awk -v pages="$pages" '
    { t[NR - 1] = $1 }
    END { m = t[int(NR / 2)]; printf "%.2f %.2f %.2f %.0f\n", m, t[0], t[NR - 1], pages / m }'
}
read -r h_cold h_cold_min h_cold_max h_cold_rate < <(stats "$work/cold")
read -r h_rebuild h_rebuild_min h_rebuild_max h_rebuild_rate < <(stats "$work/rebuild")
# The median CPU time, taken the same way.
median() { sort -g "$1" | awk '{ t[NR - 1] = $1 } END { printf "%.2f\n", t[int(NR / 2)] }'; }
h_cold_cpu=$(median "$work/cold.cpu")
h_rebuild_cpu=$(median "$work/rebuild.cpu")

echo "$pages pages ($sections sections); Hugo wrote $written index.html files" \
  "($pages pages + $sections section lists + 1 home page = $((pages + sections + 1))); peak memory $h_memory MB"
echo "  into a new folder: median $h_cold s (min $h_cold_min, max $h_cold_max, $runs runs), $h_cold_rate pages/s"
echo "  rebuild over it: median $h_rebuild s (min $h_rebuild_min, max $h_rebuild_max, $runs runs), $h_rebuild_rate pages/s"

# --- Summary -----------------------------------------------------------------------

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)
echo
echo "== Summary, $mode ($(date -u +%F); $(nproc) CPUs: ${cpu:-unknown}; load average $(cut -d' ' -f1-3 /proc/loadavg); $runs runs)"
{
  echo "tool|pages|new folder (median)|rebuild (median)|pages/s (new)|pages/s (rebuild)|CPU new/rebuild|peak memory"
  echo "veiviser|$pages|$v_cold s|$v_rebuild s|$v_cold_rate|$v_rebuild_rate|$v_cold_cpu/$v_rebuild_cpu s|$v_memory MB"
  echo "hugo|$pages|$h_cold s|$h_rebuild s|$h_cold_rate|$h_rebuild_rate|$h_cold_cpu/$h_rebuild_cpu s|$h_memory MB"
} | column -t -s '|'
