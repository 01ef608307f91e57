#!/usr/bin/env bash
# Installs what the test suite needs besides the Swift toolchain: PostgreSQL, Chromium with its
# driver (Debian's packages), and the Python test helpers (PyPI).
set -euo pipefail
need_apt=()
command -v chromium >/dev/null || need_apt+=(chromium)
command -v chromedriver >/dev/null || need_apt+=(chromium-driver)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need_apt+=(postgresql)
command -v curl >/dev/null || need_apt+=(curl)
command -v sipp >/dev/null || need_apt+=(sip-tester)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "Installing Debian packages: ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi
python3 -m pip install -q --disable-pip-version-check -r "$(dirname "$0")/../Tests/requirements.txt"
