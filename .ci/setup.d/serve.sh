#!/usr/bin/env bash
# serve: Debian's Chromium and its driver for the browser tests of `cybercheck serve`
# (Playwright drives /usr/bin/chromium; no browser is ever downloaded), and axe-core from npm,
# which the accessibility tests inject into each page from tests/web/node_modules.
set -euo pipefail
apt-get install -y -qq --no-install-recommends chromium chromium-driver nodejs npm fonts-dejavu-core >/dev/null
npm install --no-save --no-audit --no-fund --prefix tests/web axe-core@4 >/dev/null
test -f tests/web/node_modules/axe-core/axe.min.js
