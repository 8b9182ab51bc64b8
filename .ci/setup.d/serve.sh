#!/usr/bin/env bash
# serve: Debian's Chromium and its driver for the browser tests of `cybercheck serve`
# (Playwright drives /usr/bin/chromium; no browser is ever downloaded), and axe-core from npm,
# which the accessibility tests inject into each page from tests/web/node_modules; poppler-utils reads
# the printed reports back (pdftotext, pdfinfo).
set -euo pipefail
apt-get install -y -qq --no-install-recommends chromium chromium-driver fonts-dejavu-core poppler-utils >/dev/null
# npm only when the machine has none of its own (Debian's brings hundreds of packages).
command -v npm >/dev/null || apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
npm install --no-save --no-audit --no-fund --prefix tests/web axe-core@4 >/dev/null
test -f tests/web/node_modules/axe-core/axe.min.js
