#!/usr/bin/env bash
# A dry run of the CI pipelines in ci/ (GitLab CI and GitHub Actions), here, without
# GitLab, GitHub, a container engine or `act`: the veiviser commands written in
# ci/gitlab-ci.yml and ci/github-pages.yml are read out of those files and run, as
# the image would run them, in a clean copy of this repository's municipalities/
# that holds nothing else (like a municipality's own repository), and what they
# write is checked: the GitLab report is a JSON array of Code Quality issues, every
# GitHub line is a workflow command that parses, and the build wrote the sites. Then
# once more with one error put in, which must fail the check, be reported at its
# file and line in both formats, and leave the published output as it was.
#
#   scripts/ci-dry-run.sh                  # uses target/debug/veiviser (built if missing)
#   VEIVISER=/path/to/veiviser scripts/ci-dry-run.sh
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"

if command -v act >/dev/null; then
  echo "note: act is installed; this script does not use it (run: act -W ci/github-pages.yml)"
else
  echo "note: act is not installed: the workflow's commands are run here instead"
fi

veiviser="${VEIVISER:-$repo/target/debug/veiviser}"
if [ -z "${VEIVISER:-}" ]; then
  cargo build --quiet
fi
[ -x "$veiviser" ] || { echo "no veiviser binary at $veiviser" >&2; exit 1; }
# The binary is linked from another folder below: a relative path would dangle.
veiviser="$(cd "$(dirname "$veiviser")" && pwd)/$(basename "$veiviser")"

work="$(mktemp -d "${TMPDIR:-/tmp}/veiviser-ci-dry-run-XXXXXX")"
trap 'rm -rf "$work"' EXIT
# What the image has: the binary and veiviser-shared on the PATH, the theme and
# the shared content in a share folder.
mkdir -p "$work/bin" "$work/share"
ln -s "$veiviser" "$work/bin/veiviser"
cp ci/veiviser-shared.sh "$work/bin/veiviser-shared"
cp -R themes content "$work/share/"
export PATH="$work/bin:$PATH" VEIVISER_SHARE="$work/share"

# A municipality's repository: only municipalities/, under git.
mkdir "$work/repo"
cp -R municipalities "$work/repo/"
git -C "$work/repo" init -q

# The veiviser commands of each pipeline, in order, as written in its file.
gitlab_commands() {
  python3 - "$1" <<'PY'
import sys, yaml
ci = yaml.safe_load(open(sys.argv[1]))
for name in ("check", "pages"):
    for line in ci[name]["script"]:
        print(line)
PY
}
github_commands() {
  python3 - "$1" <<'PY'
import re, sys, yaml
workflow = yaml.safe_load(open(sys.argv[1]))
for step in workflow["jobs"]["check-and-build"]["steps"]:
    run = step.get("run")
    if run:
        # docker run … "$VEIVISER_IMAGE" sh -c '<commands>': the commands in the image.
        print(re.search(r"sh -c '([^']*)'", run).group(1))
PY
}

# Run one pipeline's commands in `dir`; stop at the first that fails, as CI does.
# Prints the failing command's exit code (0 when all passed).
run_pipeline() {
  local dir="$1" commands="$2" status=0
  while IFS= read -r command; do
    (cd "$dir" && sh -c "$command") 2>>"$dir/../log" || { status=$?; break; }
  done <<<"$commands"
  echo "$status"
}

check_gitlab_report() {
  python3 - "$1" "$2" <<'PY'
import json, os, sys
issues = json.load(open(sys.argv[1]))
expect_error = sys.argv[2] == "error"
assert isinstance(issues, list), "the report is a JSON array"
for issue in issues:
    for key in ("description", "check_name", "fingerprint", "severity", "location"):
        assert key in issue, f"an issue without {key}: {issue}"
    assert issue["severity"] in ("info", "minor", "major", "critical", "blocker"), issue
    assert isinstance(issue["location"]["path"], str) and issue["location"]["path"], issue
    assert not issue["location"]["path"].startswith("/"), "paths are relative"
    assert isinstance(issue["location"]["lines"]["begin"], int), issue
    assert issue["location"]["lines"]["begin"] >= 1, issue
fingerprints = [i["fingerprint"] for i in issues]
errors = [i for i in issues if i["severity"] == "major"]
if expect_error:
    line = int(os.environ.get("EXPECT_LINE", "1"))
    assert any(i["location"] == {"path": "municipalities/modum/site.yaml", "lines": {"begin": line}}
               for i in errors), errors
else:
    assert not errors, errors
print(f"  gitlab: {len(issues)} issues, {len(set(fingerprints))} distinct fingerprints, {len(errors)} errors")
PY
}

check_github_commands() {
  python3 - "$1" "$2" <<'PY'
import re, sys
from urllib.parse import unquote
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
expect_error = sys.argv[2] == "error"
command = re.compile(r"^::(error|warning)( [^:]*)?::(.*)$")
errors = 0
for line in lines:
    m = command.match(line)
    assert m, f"not a workflow command: {line!r}"
    props = {}
    for prop in (m.group(2) or "").strip().split(","):
        key, _, value = prop.partition("=")
        assert key in ("file", "line", "col", "title"), line
        props[key] = value
    for value in props.values():
        # Inside a property, `:` and `,` must come escaped; `%` only as an escape.
        assert ":" not in value and "," not in value, line
    assert re.fullmatch(r"(%25|%0D|%0A|[^%])*", m.group(3)), f"unescaped %: {line!r}"
    if "line" in props:
        assert props["line"].isdigit() and props["col"].isdigit(), line
    if m.group(1) == "error":
        errors += 1
        if expect_error:
            assert unquote(props["file"]) == "municipalities/modum/site.yaml", line
if expect_error:
    assert errors, "the error is annotated"
else:
    assert not errors, "no error"
print(f"  github: {len(lines)} annotations, {errors} errors")
PY
}

fail() { echo "FAILED: $*" >&2; cat "$work/log" >&2 2>/dev/null || true; exit 1; }

for ci in gitlab github; do
  case $ci in
    gitlab) commands="$(gitlab_commands ci/gitlab-ci.yml)" ;;
    github) commands="$(github_commands ci/github-pages.yml)" ;;
  esac
  echo "== $ci: the pipeline's commands"
  sed 's/^/  $ /' <<<"$commands"
  dir="$work/$ci/repo"
  mkdir -p "$work/$ci"
  cp -R "$work/repo" "$dir"
  status="$(run_pipeline "$dir" "$(sed 's/--format github/--format github > annotations.txt/' <<<"$commands")")"
  [ "$status" = 0 ] || fail "$ci: a command exited with $status"
  case $ci in
    gitlab) check_gitlab_report "$dir/gl-code-quality-report.json" none || fail "$ci report" ;;
    github) check_github_commands "$dir/annotations.txt" none || fail "$ci annotations" ;;
  esac
  sites=$(find "$dir/public" -mindepth 2 -maxdepth 2 -name index.html | wc -l)
  [ "$sites" -eq "$(ls municipalities | wc -l)" ] || fail "$ci: $sites sites built"
  echo "  build: $sites sites in public/"

  echo "== $ci: the same with an error in municipalities/modum/site.yaml"
  before="$(cd "$dir/public" && find . -type f -exec sha256sum {} + | sort)"
  # The first `name:` line (after the file's schema line), misspelt.
  name_line=$(grep -n '^name:' "$dir/municipalities/modum/site.yaml" | head -1 | cut -d: -f1)
  [ -n "$name_line" ] || fail "$ci: no name: line in modum's site.yaml"
  export EXPECT_LINE="$name_line"
  sed -i "${name_line}s/^name:/nmae:/" "$dir/municipalities/modum/site.yaml"
  status="$(run_pipeline "$dir" "$(sed 's/--format github/--format github > annotations.txt/' <<<"$commands")")"
  [ "$status" = 1 ] || fail "$ci: the check should fail with 1, not $status"
  case $ci in
    gitlab) check_gitlab_report "$dir/gl-code-quality-report.json" error || fail "$ci report" ;;
    github) check_github_commands "$dir/annotations.txt" error || fail "$ci annotations" ;;
  esac
  after="$(cd "$dir/public" && find . -type f -exec sha256sum {} + | sort)"
  [ "$before" = "$after" ] || fail "$ci: the published output changed"
  echo "  the pipeline stopped at the check; public/ unchanged"
done
echo "ci dry run: 2 passed, 0 failed"
