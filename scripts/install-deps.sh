#!/usr/bin/env bash
# Installs every Debian 12 package QCCM's build, tests and benchmarks need.
# Idempotent: skips apt entirely when everything is already present. Run as root.
set -euo pipefail

packages=(
  build-essential g++ cmake ninja-build pkg-config make git ca-certificates
  clang-format clang-14 libclang-rt-14-dev
  libboost1.81-dev libboost-url1.81-dev libboost-json1.81-dev
  libsimdjson-dev libsqlite3-dev sqlite3 libpq-dev libpqxx-dev postgresql
  libssl-dev openssl libsodium-dev libspdlog-dev libfmt-dev libcli11-dev
  libtomlplusplus-dev libidn2-dev libphonenumber-dev libre2-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  python3 curl procps
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
