#!/usr/bin/env bash
# README's first command: from zero to a finished default scenario suite.
# Installs npm packages, installs/starts a Docker engine if none answers (needs root), builds the images offline
# (Debian rootfs with mmdebstrap, Hadoop from Maven Central, Spark from PyPI's pyspark), starts the cluster and
# runs the default suite, printing the results table. Extra arguments go to `shieldlab run`.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! npm ls --depth=0 >/dev/null 2>&1; then
  echo "[quickstart] installing npm packages (npm ci)" >&2
  npm ci --no-audit --no-fund --loglevel=error
fi
bash scripts/bootstrap-engine.sh
exec node bin/shieldlab.js run "$@"
