#!/usr/bin/env bash
# Lints the OpenAPI description the gateway serves (gateway/src/main/resources/openapi.yaml, GET /api/v1/openapi.yaml)
# with Redocly's recommended rules, every warning counted as an error (recommended-strict): zero errors and zero
# warnings, or the script fails (issue 14). Installs Node.js and npm from Debian packages only when npx is missing;
# Redocly CLI comes from the npm registry through npx, pinned. Safe to rerun.
#   infra/scripts/lint-openapi.sh            (REDOCLY_CLI_VERSION=… to try another release)
set -euo pipefail
cd "$(dirname "$0")/../.."
log() { printf '[lint-openapi] %s\n' "$*"; }

if ! command -v npx >/dev/null 2>&1; then
  log "installing nodejs npm (Debian)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi

version="${REDOCLY_CLI_VERSION:-2.77.0}"
spec=gateway/src/main/resources/openapi.yaml
log "redocly lint $spec (@redocly/cli@$version, recommended-strict)"
# the pinned release still runs on Node 20 (it prints a deprecation notice there)
npx -y "@redocly/cli@$version" lint --extends=recommended-strict --format=summary "$spec"
log "OK: no error, no warning"
