#!/usr/bin/env bash
# Debian's Chromium for the browser tests, and a CJK font so Simplified Chinese renders (as root, or
# through sudo when there is one). Does nothing when both are there.
set -euo pipefail
missing=()
command -v chromium >/dev/null || missing+=(chromium)
[ -n "$(fc-list :lang=zh 2>/dev/null)" ] || missing+=(fonts-noto-cjk)
[ ${#missing[@]} -eq 0 ] && exit 0
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi
export DEBIAN_FRONTEND=noninteractive
echo "Installing ${missing[*]} from Debian's packages"
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
