#!/usr/bin/env bash
# End-to-end tests on the real Pulumi engine (Automation API) against the emulator.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$repo_root"
ensure_pulumi_cli
[[ -d node_modules/exchange-cloud-managed ]] || bash scripts/install-local.sh
exec npx mocha 'test/e2e/**/*.test.ts'
