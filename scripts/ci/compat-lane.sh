#!/usr/bin/env bash
# One lane of the support matrix: nanograde on one Node binary and one Vitest major.
#
#   scripts/ci/compat-lane.sh --node /path/to/node --vitest 5
#
# In a scratch copy of the repository (its files as they are now, without node_modules, dist or
# anything git ignores) it installs the lockfile with the given Node on PATH and, when the
# lockfile holds another Vitest major, that major with the @types/node of the lane's Node (Vitest 5
# wants @types/node >= 22). Then, on that Node and Vitest: `tsc --noEmit` (the matchers' types and every
# Vitest API nanograde uses) and the lane's tests (scripts/ci/lane.config.ts): the package test and
# the example suite, each in a fresh project that installs the packed tarball, the reporter tests
# (shards and blob merge included), annotations, watch triggers and snapshots.
# Needs only the npm registry (or npm's cache). Every failure stops the lane with a non-zero exit.
set -euo pipefail

usage() {
  echo "usage: $0 --node <node binary> --vitest <major>" >&2
  exit 2
}

node_binary=''
vitest_major=''
while [ $# -gt 0 ]; do
  case "$1" in
    --node) node_binary=${2:-}; shift 2 || usage ;;
    --vitest) vitest_major=${2:-}; shift 2 || usage ;;
    *) usage ;;
  esac
done
[ -n "$node_binary" ] && [ -n "$vitest_major" ] || usage
[[ "$vitest_major" =~ ^[0-9]+$ ]] || { echo "compat-lane: --vitest takes a major version, got '$vitest_major'" >&2; exit 2; }
[ -x "$node_binary" ] || { echo "compat-lane: no Node binary at $node_binary" >&2; exit 2; }

repo=$(cd "$(dirname "$0")/../.." && pwd)
# npm, npx and every child process run on the lane's Node.
PATH="$(cd "$(dirname "$node_binary")" && pwd):$PATH"
export PATH
node_version=$(node -p process.versions.node)
node_major=${node_version%%.*}
lane="Node $node_version + Vitest $vitest_major"

scratch=$(mktemp -d "${TMPDIR:-/tmp}/nanograde-lane-XXXXXX")
trap 'rm -rf "$scratch"' EXIT
lane_start=$SECONDS
step_start=$SECONDS

fail() {
  echo "compat-lane [$lane]: FAILED: $*" >&2
  exit 1
}
step() {
  echo "compat-lane [$lane]: $* ($((SECONDS - step_start)) s)"
  step_start=$SECONDS
}

echo "compat-lane [$lane]: npm $(npm -v), scratch $scratch"
mkdir "$scratch/repo"
(cd "$repo" && git ls-files -z --cached --others --exclude-standard |
  tar --null --files-from=- --ignore-failed-read -cf - 2>/dev/null) | tar -xf - -C "$scratch/repo"
cd "$scratch/repo"
step "copied the repository"

npm ci --no-audit --no-fund --prefer-offline >npm-ci.log 2>&1 || { cat npm-ci.log >&2; fail "npm ci"; }
installed_vitest() { node -p "require('./node_modules/vitest/package.json').version"; }
if [ "$(installed_vitest | cut -d. -f1)" != "$vitest_major" ]; then
  npm install --no-save --no-audit --no-fund --prefer-offline \
    "vitest@^$vitest_major" "@types/node@^$node_major" >npm-install.log 2>&1 ||
    { cat npm-install.log >&2; fail "npm install vitest@^$vitest_major"; }
fi
vitest_version=$(installed_vitest)
[ "${vitest_version%%.*}" = "$vitest_major" ] || fail "installed Vitest $vitest_version, not $vitest_major"
step "installed: Vitest $vitest_version, @types/node $(node -p "require('./node_modules/@types/node/package.json').version")"

npx tsc --noEmit || fail "tsc --noEmit"
step "tsc --noEmit"

# One tarball for every test that installs it (test/package/packed-project.ts reads LANE_PACK_JSON).
mkdir "$scratch/packed"
npm pack --json --pack-destination "$scratch/packed" >"$scratch/packed/pack.json" 2>npm-pack.log ||
  { cat npm-pack.log >&2; fail "npm pack"; }
step "npm pack"

LANE_PACK_JSON="$scratch/packed/pack.json" npx vitest run --config scripts/ci/lane.config.ts ||
  fail "the lane's tests"
step "the lane's tests"

echo "compat-lane [$lane]: passed in $((SECONDS - lane_start)) s"
