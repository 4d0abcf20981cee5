#!/usr/bin/env bash
# The quickstart against the built-in emulator tenant: up, drift behind Pulumi's back,
# the drift gate failing, and up --refresh restoring the declared state.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$repo_root"

ensure_node_modules
say "Preparing the Pulumi CLI and the package"
ensure_pulumi_cli
bash scripts/install-local.sh
pulumi version

work="$repo_root/.demo"
rm -rf "$work"
mkdir -p "$work/backend"
trap stop_emulator EXIT

say "Starting the emulator tenant (Entra ID + Exchange Online on https://127.0.0.1)"
start_emulator "$work/emulator"
echo "tenant $(emulator_field tenantId) at $(emulator_field url)"

# A local file backend inside the project: no Pulumi Cloud account. The passphrase only
# protects this throwaway demo stack.
export PULUMI_BACKEND_URL="file://$work/backend"
export PULUMI_CONFIG_PASSPHRASE="demo-only-passphrase"
pulumi stack select --create demo --non-interactive
configure_stack_for_emulator

say "pulumi up: make the declared mailboxes cloud-managed"
pulumi up --yes --non-interactive --skip-preview

say "Someone sets alice back to on-premises management, behind Pulumi's back"
emulator_control PATCH /mailboxes/alice@contoso.example '{"IsExchangeCloudManaged": false}' >/dev/null
echo "alice: IsExchangeCloudManaged=false (changed in the tenant, not in code)"

say "pulumi preview --refresh --expect-no-changes: the drift gate a CI job runs"
if pulumi preview --refresh --expect-no-changes --non-interactive --diff; then
  echo "unexpected: the drift went unnoticed" >&2
  exit 1
fi
echo
echo "-> the gate failed as it should: alice drifted."

say "pulumi up --refresh: restore the declared state"
pulumi up --refresh --yes --non-interactive --skip-preview

say "Check: the tenant now matches the program"
pulumi preview --refresh --expect-no-changes --non-interactive
pulumi stack output --json mailboxes
echo
echo "Done. State: $work/backend (delete .demo/ to start over)."
