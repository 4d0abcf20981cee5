#!/usr/bin/env bash
# Provides the Pulumi CLI (`pulumi`) and the Node.js language host
# (`pulumi-language-nodejs`), built from Go modules because the normal
# installer (a prebuilt download) is not reachable here.
#
# Usage: PATH="$(bash scripts/pulumi-cli.sh):$PATH"
#   --force-build  ignore any pulumi already on PATH; use (or build) the cache
#   --rebuild      like --force-build, and rebuild the cache even if present
#
# Only the bin directory is printed on stdout (last line); progress goes to stderr.
# Version: PULUMI_CLI_VERSION, else node_modules/@pulumi/pulumi, else 3.248.0.
set -euo pipefail

DEFAULT_VERSION=3.248.0
MOD=github.com/pulumi/pulumi
SDK_MOD=$MOD/sdk/v3
PKG_MOD=$MOD/pkg/v3
CLI_PKG=$PKG_MOD/cmd/pulumi
# Since v3.69 the language host is its own module, which has no tags.
LH_MOD=$MOD/sdk/nodejs/cmd/pulumi-language-nodejs/v3
# Last release in which it was a package inside sdk/v3: the fallback when the
# module proxy cannot serve LH_MOD at the wanted commit.
LH_LEGACY_VERSION=3.68.0
LH_LEGACY_PKG=$SDK_MOD/nodejs/cmd/pulumi-language-nodejs
VERSION_VAR=$SDK_MOD/go/common/version.Version

log() { echo "pulumi-cli: $*" >&2; }
die() { log "error: $*"; exit 1; }

force_build=false
rebuild=false
for arg in "$@"; do
  case "$arg" in
    --force-build) force_build=true ;;
    --rebuild) force_build=true; rebuild=true ;;
    -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 0 ;;
    *) die "unknown argument: $arg" ;;
  esac
done

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
sdk_npm_dir="$repo_root/node_modules/@pulumi/pulumi"

if ! $force_build && command -v pulumi >/dev/null && command -v pulumi-language-nodejs >/dev/null; then
  dirname "$(command -v pulumi)"
  exit 0
fi

version="${PULUMI_CLI_VERSION:-}"
if [[ -z "$version" && -f "$sdk_npm_dir/package.json" ]]; then
  version="$(sed -n 's/^[[:space:]]*"version":[[:space:]]*"\([^"]*\)".*/\1/p' "$sdk_npm_dir/package.json" | head -n1)"
fi
version="${version:-$DEFAULT_VERSION}"
version="${version#v}"
[[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || die "unsupported Pulumi version '$version'"

cache_root="${XDG_CACHE_HOME:-$HOME/.cache}/exchange-cloud-managed"
dest="$cache_root/pulumi-v$version"
bin_dir="$dest/bin"

# The dynamic-provider plugin is a shell script shipped in the npm package; it
# resolves @pulumi/pulumi from its working directory, so a copy works anywhere.
install_dynamic_provider() {
  local src="$sdk_npm_dir/pulumi-resource-pulumi-nodejs" target="$1/pulumi-resource-pulumi-nodejs"
  [[ -f "$src" ]] || return 0
  if ! cmp -s "$src" "$target" 2>/dev/null; then
    cp "$src" "$target.tmp.$$" && chmod +x "$target.tmp.$$" && mv -f "$target.tmp.$$" "$target"
  fi
}

cache_complete() { [[ -x "$bin_dir/pulumi" && -x "$bin_dir/pulumi-language-nodejs" ]]; }

if ! $rebuild && cache_complete; then
  install_dynamic_provider "$bin_dir"
  echo "$bin_dir"
  exit 0
fi

if command -v go >/dev/null; then
  GO=go
elif [[ -x /usr/local/go/bin/go ]]; then
  GO=/usr/local/go/bin/go
else
  die "Go toolchain not found (need 'go' on PATH or /usr/local/go/bin/go)"
fi

mkdir -p "$cache_root"
# Serialise concurrent builds of the same version; the loser reuses the result.
exec 9>"$cache_root/.pulumi-v$version.lock"
flock 9
if ! $rebuild && cache_complete; then
  install_dynamic_provider "$bin_dir"
  echo "$bin_dir"
  exit 0
fi

# Leftovers of builds that were killed outright (the lock says none is running).
rm -rf "$cache_root/.pulumi-v$version.build."* "$dest.old."*

work="$(mktemp -d "${TMPDIR:-/tmp}/pulumi-cli-build.XXXXXX")"
stage="$(mktemp -d "$cache_root/.pulumi-v$version.build.XXXXXX")"
old=""
child=""
cleanup() { rm -rf "$work" "$stage" ${old:+"$old"}; }
# A signal sent to this script alone would otherwise leave `go` running on.
on_signal() {
  if [[ -n "$child" ]]; then
    kill -INT "$child" 2>/dev/null || true
    wait "$child" 2>/dev/null || true
  fi
  exit 130
}
trap cleanup EXIT
trap on_signal INT TERM HUP

export GOWORK=off GOFLAGS=-mod=mod CGO_ENABLED=0

# Print `old[@v]=new@v` for each non-local replace directive of a go.mod file.
# Upstream go.mod files replace some third-party modules with forks; a wrapper
# module must repeat those, while local-path replaces are covered by requiring
# the sibling modules at the same version.
replaces_of() {
  awk '
    { sub(/\/\/.*/, "") }
    /^replace[ \t]*\($/ { blk = 1; next }
    blk && /^\)/ { blk = 0; next }
    /^replace[ \t]/ { sub(/^replace[ \t]+/, ""); print; next }
    blk && NF { print }
  ' "$1" | while read -r line; do
    local lhs="${line%%=>*}" rhs="${line#*=>}"
    read -r -a l <<<"$lhs"
    read -r -a r <<<"$rhs"
    (( ${#r[@]} == 2 )) || continue
    echo "${l[0]}${l[1]:+@${l[1]}}=${r[0]}@${r[1]}"
  done
}

gomod_file_of() { # module@version -> path of its downloaded go.mod
  "$GO" mod download -json "$1" | sed -n 's/^[[:space:]]*"GoMod":[[:space:]]*"\(.*\)",\{0,1\}$/\1/p'
}

# new_wrapper DIR REPLACES_FROM_MODULE@VERSION: a throwaway module whose go.mod
# copies that module's non-local replace directives.
new_wrapper() {
  local dir="$1" gomod r
  mkdir -p "$dir"
  (cd "$dir" && "$GO" mod init pulumi-cli-wrapper >/dev/null 2>&1)
  gomod="$(cd "$dir" && gomod_file_of "$2")"
  [[ -n "$gomod" ]] || die "could not download $2"
  while read -r r; do
    [[ -n "$r" ]] || continue
    log "  replace ${r/=/ => }"
    (cd "$dir" && "$GO" mod edit -replace="$r")
  done < <(replaces_of "$gomod")
}

# quiet DIR CMD...: run CMD in DIR, showing its (chatty) output only on failure.
quiet() {
  local dir="$1" rc=0; shift
  (cd "$dir" && exec "$@") >"$work/step.log" 2>&1 &
  child=$!
  wait "$child" || rc=$?
  child=""
  if (( rc != 0 )); then
    cat "$work/step.log" >&2
    return "$rc"
  fi
}

go_build() { # DIR OUTPUT VERSION_STAMP PACKAGE
  quiet "$1" "$GO" build -trimpath -ldflags "-s -w -X $VERSION_VAR=v$3" -o "$2" "$4"
}

start=$SECONDS
log "building Pulumi CLI v$version from Go modules (takes several minutes on a cold cache)"
new_wrapper "$work/cli" "$PKG_MOD@v$version"
quiet "$work/cli" "$GO" get "$CLI_PKG@v$version" "$SDK_MOD@v$version"
go_build "$work/cli" "$stage/pulumi" "$version" "$CLI_PKG"

# The language host normally ships at the CLI's version. From v3.69 that means
# a pseudo-version of the release commit, which only a proxy that can resolve
# commits will serve; otherwise fall back to the v3.68.0 host, which still
# speaks the same LanguageRuntime protocol.
lh_built=false
major="${version%%.*}" rest="${version#*.}"
minor="${rest%%.*}"
if (( major == 3 && minor <= 68 )); then
  log "building pulumi-language-nodejs v$version"
  go_build "$work/cli" "$stage/pulumi-language-nodejs" "$version" "$SDK_MOD/nodejs/cmd/pulumi-language-nodejs"
  lh_built=true
else
  commit="$(cd "$work/cli" && "$GO" list -m -json "$SDK_MOD@v$version" 2>/dev/null \
    | sed -n 's/^[[:space:]]*"Hash":[[:space:]]*"\([0-9a-f]\{40\}\)".*/\1/p' | head -n1)" || commit=""
  if [[ -n "$commit" ]] && (cd "$work/cli" && "$GO" mod download "$LH_MOD@$commit") >/dev/null 2>&1; then
    log "building pulumi-language-nodejs from $LH_MOD@$commit"
    if new_wrapper "$work/lh" "$LH_MOD@$commit" \
      && quiet "$work/lh" "$GO" get "$LH_MOD@$commit" "$SDK_MOD@v$version" "$PKG_MOD@v$version" \
      && go_build "$work/lh" "$stage/pulumi-language-nodejs" "$version" "$LH_MOD"; then
      lh_built=true
    else
      log "building $LH_MOD@$commit failed"
    fi
  else
    log "$LH_MOD is not available for v$version${commit:+ (commit $commit)} from the module proxy"
  fi
fi
if ! $lh_built; then
  log "building pulumi-language-nodejs v$LH_LEGACY_VERSION instead"
  rm -rf "$work/lh"
  new_wrapper "$work/lh" "$SDK_MOD@v$LH_LEGACY_VERSION"
  quiet "$work/lh" "$GO" get "$LH_LEGACY_PKG@v$LH_LEGACY_VERSION"
  go_build "$work/lh" "$stage/pulumi-language-nodejs" "$LH_LEGACY_VERSION" "$LH_LEGACY_PKG"
fi

chmod 755 "$stage"
mkdir -p "$stage/bin"
mv "$stage/pulumi" "$stage/pulumi-language-nodejs" "$stage/bin/"
install_dynamic_provider "$stage/bin"
"$stage/bin/pulumi" version >&2

if [[ -e "$dest" ]]; then
  old="$dest.old.$$"
  mv "$dest" "$old"
fi
mv "$stage" "$dest"
log "built in $((SECONDS - start))s into $bin_dir"
echo "$bin_dir"
