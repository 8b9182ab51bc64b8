#!/usr/bin/env bash
# network and identity: openssl makes the test certificate for the local DNS-over-TLS and
# DNS-over-HTTPS servers; tshark is compared with the capture reader (tests/checks/network).
set -euo pipefail
echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends openssl tshark
