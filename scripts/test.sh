#!/usr/bin/env bash
# Install what the tests need, then run them: Debian's redis-server and headless Chromium (only when
# missing; needs root), the project in .venv, then pytest. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
need=()
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
command -v chromium >/dev/null 2>&1 || need+=(chromium fonts-dejavu-core)
command -v chromedriver >/dev/null 2>&1 || need+=(chromium-driver)
if ((${#need[@]})); then
    if [ "$(id -u)" = 0 ]; then
        apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${need[@]}"
    else
        echo "note: ${need[*]} missing (sudo apt-get install ${need[*]}); the tests that need them are skipped" >&2
    fi
fi
python3 -m venv .venv
.venv/bin/pip install -q -e ".[test]"
# pywb pins redis 2.x (the crawl needs redis>=5): the WACZ replay test runs it from a venv of its own
[ -x .venv-pywb/bin/wb-manager ] || { python3 -m venv .venv-pywb && .venv-pywb/bin/pip install -q "pywb>=2.8"; } \
    || echo "note: pywb could not be installed; the WACZ replay test is skipped" >&2
# ReplayWeb.page's UI and service worker (npm's replaywebpage), for the test that opens a WACZ export in Chromium
if [ ! -f .replaywebpage/sw.js ] && command -v npm >/dev/null 2>&1; then
    mkdir -p .replaywebpage && (cd .replaywebpage && npm pack --silent replaywebpage@2 >/dev/null \
        && tar xzf replaywebpage-*.tgz --strip-components=1 package/ui.js package/sw.js && rm replaywebpage-*.tgz) \
        || echo "note: replaywebpage could not be fetched; the ReplayWeb.page test is skipped" >&2
fi
exec .venv/bin/python -m pytest "$@"
