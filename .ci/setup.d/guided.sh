#!/usr/bin/env bash
# guided: the sealed-report tests open an AES-256 zip with a standard archive tool (7z).
set -euo pipefail
apt-get install -y -qq p7zip-full >/dev/null
