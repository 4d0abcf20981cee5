# Shared by the demo and e2e scripts: the Pulumi CLI, the local package, the emulator.
# shellcheck shell=bash

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

# Installs dependencies when this is a fresh clone.
ensure_node_modules() {
  if [[ ! -d "$repo_root/node_modules/@pulumi/pulumi" ]]; then
    say "Installing dependencies (npm ci)"
    (cd "$repo_root" && npm ci --no-audit --no-fund)
  fi
}

# Puts pulumi, pulumi-language-nodejs and pulumi-resource-pulumi-nodejs on PATH, building
# the CLI from its Go modules when none is installed.
ensure_pulumi_cli() {
  local bin
  bin="$(bash "$repo_root/scripts/pulumi-cli.sh")"
  export PATH="$bin:$repo_root/node_modules/@pulumi/pulumi:$PATH"
  export PULUMI_SKIP_UPDATE_CHECK=true
  export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
}

# Starts the emulator in the background; sets EMULATOR_PID and EMULATOR_ENV (a JSON file).
start_emulator() {
  local dir="$1"
  mkdir -p "$dir"
  EMULATOR_ENV="$dir/env.json"
  rm -f "$EMULATOR_ENV"
  (cd "$repo_root" && exec node -r ts-node/register/transpile-only emulator/cli.ts \
    --port 0 --state-dir "$dir" --write-env "$EMULATOR_ENV" >"$dir/emulator.log" 2>&1) &
  EMULATOR_PID=$!
  for _ in $(seq 1 100); do
    [[ -s "$EMULATOR_ENV" ]] && return 0
    kill -0 "$EMULATOR_PID" 2>/dev/null || { cat "$dir/emulator.log" >&2; return 1; }
    sleep 0.2
  done
  echo "the emulator did not start within 20 s; see $dir/emulator.log" >&2
  return 1
}

stop_emulator() {
  if [[ -n "${EMULATOR_PID:-}" ]] && kill -0 "$EMULATOR_PID" 2>/dev/null; then
    kill "$EMULATOR_PID" 2>/dev/null || true
    wait "$EMULATOR_PID" 2>/dev/null || true
  fi
}

# Reads one field of the emulator's env file.
emulator_field() { node -p "require('$EMULATOR_ENV')['$1']"; }

# Calls the emulator's control API: emulator_control METHOD PATH [JSON].
emulator_control() {
  curl -sS --fail --cacert "$(emulator_field caPath)" -X "$1" -H 'content-type: application/json' \
    ${3:+--data "$3"} "$(emulator_field url)/_emulator$2"
}

# Points the selected stack at the emulator; the secret goes in encrypted.
configure_stack_for_emulator() {
  pulumi config set exchange:tenantId "$(emulator_field tenantId)"
  pulumi config set exchange:clientId "$(emulator_field clientId)"
  emulator_field clientSecret | pulumi config set --secret exchange:clientSecret
  pulumi config set exchange:authorityHost "$(emulator_field authorityHost)"
  pulumi config set exchange:exchangeUrl "$(emulator_field exchangeUrl)"
  pulumi config set exchange:caCertificatePath "$(emulator_field caPath)"
}
