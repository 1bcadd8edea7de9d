#!/usr/bin/env bash
# Install headless Chromium (Debian's `chromium` package) for the browser test of
# `notice-nlp explain --html` (tests/test_explain.py calls this when no chromium is on PATH).
# Exits 0 when a chromium binary is available afterwards, non-zero otherwise (the test then skips).
set -u
for name in chromium chromium-browser google-chrome; do
    if command -v "$name" >/dev/null 2>&1; then
        command -v "$name"
        exit 0
    fi
done
if ! command -v apt-get >/dev/null 2>&1; then
    echo "install_chromium: apt-get not found; install chromium with your package manager" >&2
    exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        SUDO="sudo -n"
    else
        echo "install_chromium: not root and no passwordless sudo; run 'apt-get install -y chromium' as root" >&2
        exit 1
    fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q >&2 || { echo "install_chromium: apt-get update failed (offline?)" >&2; exit 1; }
$SUDO apt-get install -y -q --no-install-recommends chromium fonts-dejavu-core >&2 \
    || { echo "install_chromium: apt-get install chromium failed" >&2; exit 1; }
command -v chromium
