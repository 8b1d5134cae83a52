#!/usr/bin/env bash
# The test command (README's second command; .ci/run calls exactly this).
# From zero: installs the npm packages, makes sure a Docker engine runs (bootstrap), then runs the unit tests
# (no Docker) and the integration tests (real YARN + Spark in containers; images are built once if missing).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! npm ls --depth=0 >/dev/null 2>&1; then
  echo "[test] installing npm packages (npm ci)" >&2
  npm ci --no-audit --no-fund --loglevel=error
fi
bash scripts/bootstrap-engine.sh

mkdir -p artifacts
status=0
npx vitest run --reporter=default --reporter=json --outputFile.json=artifacts/vitest-results.json "$@" || status=$?

# one plain closing line: "N passed, N failed"
node -e '
  const r = JSON.parse(require("fs").readFileSync("artifacts/vitest-results.json", "utf8"));
  console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed` + (r.numPendingTests ? `, ${r.numPendingTests} skipped` : ""));
' || true
exit "$status"
