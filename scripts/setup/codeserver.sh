#!/usr/bin/env bash
# Installs a real VS Code to run extension-host tests and the demo in:
# code-server 4.100.3 (VS Code 1.100.3, the last release for Node 20) with its
# native modules rebuilt, playwright-core, and Debian's chromium to drive it.
# Idempotent: a stamp file in the cache folder makes a rerun take ~10 ms.
# Logs to stderr; prints nothing on stdout.
set -euo pipefail
log() { echo "[setup:code-server] $*" >&2; }
fail() { log "FAILED: $*"; exit 1; }

version=4.100.3
cache=${AZUREML_DEBUG_CODE_SERVER_CACHE:-/var/cache/azureml-debug/code-server}
stamp="$cache/.installed-$version"
vscode="$cache/node_modules/code-server/lib/vscode"
natives=(
  "$vscode/node_modules/kerberos/build/Release/kerberos.node"
  "$vscode/node_modules/@vscode/spdlog/build/Release/spdlog.node"
  "$vscode/node_modules/native-watchdog/build/Release/watchdog.node"
  "$vscode/node_modules/node-pty/build/Release/pty.node"
)

# A font with Japanese and Chinese glyphs, so the screenshots of the editor in
# those languages show words, not boxes (Debian's chromium brings none).
cjk_font=/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf

have_all() {
  [ -f "$stamp" ] && [ -x /usr/bin/chromium ] && [ -x /usr/bin/rg ] && [ -f "$cjk_font" ] \
    && [ -f "$cache/node_modules/code-server/out/node/entry.js" ] \
    && [ -d "$cache/node_modules/playwright-core" ]
}
if have_all; then exit 0; fi

# 1. Debian packages: Kerberos headers for the kerberos module, ripgrep for
#    search (the npm ripgrep download cannot reach GitHub), chromium to open
#    the workbench (no extension host starts without a browser), and the CJK
#    font above.
missing=()
dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
command -v rg >/dev/null 2>&1 || missing+=(ripgrep)
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v make >/dev/null 2>&1 && command -v g++ >/dev/null 2>&1 || missing+=(build-essential)
command -v python3 >/dev/null 2>&1 || missing+=(python3)
[ -f "$cjk_font" ] || missing+=(fonts-droid-fallback)
if [ ${#missing[@]} -gt 0 ]; then
  [ "$(id -u)" = 0 ] || fail "installing ${missing[*]} needs root"
  log "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq || fail "apt-get update"
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || fail "apt-get install ${missing[*]}"
fi
[ -x /usr/bin/chromium ] || fail "/usr/bin/chromium is missing after installing Debian's chromium"

command -v npm >/dev/null 2>&1 || fail "npm is not on PATH (Node 20 is needed)"
node_major=$(node -p 'process.versions.node.split(".")[0]')
[ "$node_major" = 20 ] || log "warning: code-server $version is built for Node 20, this is Node $node_major"

# node-gyp would download Node's headers from nodejs.org, which is out of
# reach: point it at the headers installed with Node when there are some.
if [ -z "${npm_config_nodedir:-}" ] && [ -f "$(dirname "$(dirname "$(command -v node)")")/include/node/node.h" ]; then
  export npm_config_nodedir="$(dirname "$(dirname "$(command -v node)")")"
fi

# 2. code-server and playwright-core from the npm registry. Their install
#    scripts try to download things this machine cannot reach: skip them and
#    do the needed steps by hand below.
mkdir -p "$cache"
cd "$cache"
[ -f package.json ] || echo '{"private":true}' >package.json
if [ ! -f node_modules/code-server/out/node/entry.js ] || [ ! -d node_modules/playwright-core ]; then
  log "npm install code-server@$version playwright-core (about 1 minute the first time)"
  npm install --no-audit --no-fund --ignore-scripts --loglevel=error \
    "code-server@$version" playwright-core >&2 || fail "npm install code-server@$version playwright-core"
fi

# 3. VS Code's own server dependencies, and its native modules rebuilt here.
log "installing VS Code's server dependencies"
(cd "$vscode" && npm install --no-audit --no-fund --omit=dev --ignore-scripts --loglevel=error >&2) \
  || fail "npm install in $vscode"
log "rebuilding kerberos, @vscode/spdlog, native-watchdog, node-pty"
# node-pty's own post-install step runs `npx node-gyp`, which is refused and
# makes this exit 1 after the four .node files are built: check the files.
(cd "$vscode" && JOBS=max npm rebuild kerberos @vscode/spdlog native-watchdog node-pty >/dev/null 2>&1) || true
for f in "${natives[@]}"; do
  [ -f "$f" ] || fail "native module not built: $f (is build-essential installed?)"
done
mkdir -p "$vscode/node_modules/@vscode/ripgrep/bin"
cp /usr/bin/rg "$vscode/node_modules/@vscode/ripgrep/bin/rg"
ln -sfn node_modules "$vscode/node_modules.asar"

# 4. The built-in extensions' dependencies.
log "installing the built-in extensions' dependencies"
(cd "$vscode/extensions" && npm install --no-audit --no-fund --omit=dev --ignore-scripts --loglevel=error >&2) \
  || fail "npm install in $vscode/extensions"

# 5. code-server's own native module (password hashing; loaded at start).
log "rebuilding argon2"
(cd "$cache" && JOBS=max npm rebuild argon2 >/dev/null 2>&1) || fail "npm rebuild argon2 in $cache"

node -e 'require(process.argv[1])' "$cache/node_modules/playwright-core" \
  || fail "playwright-core does not load from $cache"
touch "$stamp"
log "ready in $cache"
