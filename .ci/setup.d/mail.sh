#!/usr/bin/env bash
# Mail tests: a real Dovecot with Pigeonhole (IMAP, ManageSieve, Sieve), started by the tests
# themselves on loopback; openssl makes their throw-away certificate.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
apt-get install -y -qq --no-install-recommends dovecot-imapd dovecot-managesieved dovecot-sieve openssl >/dev/null
# The package may start a system Dovecot; the tests start their own, so stop any that runs.
if command -v service >/dev/null 2>&1; then service dovecot stop >/dev/null 2>&1 || true; fi
if [ -f /run/dovecot/master.pid ]; then kill "$(cat /run/dovecot/master.pid)" 2>/dev/null || true; fi
command -v dovecot >/dev/null
