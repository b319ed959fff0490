#!/usr/bin/env bash
# End-to-end through a real editor: headless Neovim opens a draft, starts `replylint lsp` with its
# built-in client, checks the diagnostics and hover, applies the preferred code action and checks
# that the text changed and the diagnostic went away. Needs `nvim` (Debian package `neovim`).
# Usage: tests/editor/nvim_lsp.sh [path/to/replylint]   (default: target/debug/replylint)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bin="${1:-${REPLYLINT_BIN:-$root/target/debug/replylint}}"
if [[ ! -x "$bin" ]]; then
  (cd "$root" && cargo build --quiet --bin replylint)
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp "$here/draft.txt" "$work/draft.txt"
# The Lua script quits with status 1 on any failure; `timeout` guards against a hang.
REPLYLINT_BIN="$bin" DRAFT="$work/draft.txt" HOME="$work" \
  timeout 120 nvim --headless --clean -n -i NONE -c "luafile $here/nvim_lsp.lua" </dev/null
echo "nvim e2e: ok"
