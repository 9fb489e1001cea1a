#!/usr/bin/env bash
# Installs every Debian 12 package QCCM's build, tests and benchmarks need.
# Idempotent: skips apt entirely when everything is already present. Run as root.
set -euo pipefail

packages=(
  build-essential g++ cmake ninja-build pkg-config make git ca-certificates
  clang-format clang-14 libclang-rt-14-dev clang-16 libclang-rt-16-dev
  libboost1.81-dev libboost-url1.81-dev libboost-json1.81-dev
  libsimdjson-dev libsqlite3-dev sqlite3 libpq-dev libpqxx-dev postgresql
  libssl-dev openssl libsodium-dev libspdlog-dev libfmt-dev libcli11-dev
  libtomlplusplus-dev libidn2-dev libre2-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libphonenumber8 libgeocoding8 libprotobuf-dev libabsl-dev libboost-thread1.81-dev
  python3 curl procps time
)

# libphonenumber-dev depends on libboost-thread-dev, which pulls Boost 1.74 and conflicts with
# the Boost 1.81 headers we need. Its headers are unpacked from the Debian package into
# /opt/qccm-deps instead (the runtime library comes from libphonenumber8 as usual).
phonenumber_prefix=/opt/qccm-deps
install_phonenumber_headers() {
  [ -f "$phonenumber_prefix/usr/include/phonenumbers/phonenumberutil.h" ] && return 0
  [ -f /usr/include/phonenumbers/phonenumberutil.h ] && return 0
  local tmp
  tmp=$(mktemp -d)
  chmod 755 "$tmp"
  (cd "$tmp" && apt-get download -qq libphonenumber-dev >/dev/null 2>&1 || \
     { $SUDO apt-get update -qq && apt-get download -qq libphonenumber-dev; })
  $SUDO mkdir -p "$phonenumber_prefix"
  $SUDO dpkg-deb -x "$tmp"/libphonenumber-dev_*.deb "$phonenumber_prefix"
  rm -rf "$tmp"
}

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive

if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  $SUDO apt-get update -qq
  # Boost 1.81 first, on its own: it replaces the preinstalled 1.74 headers.
  $SUDO apt-get install -y -qq --no-install-recommends libboost1.81-dev libboost-url1.81-dev libboost-json1.81-dev
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
install_phonenumber_headers
