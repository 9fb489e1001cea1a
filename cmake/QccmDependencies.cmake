# Every dependency is a Debian 12 package found here at configure time (scripts/install-deps.sh
# installs them); nothing is downloaded by CMake.
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
find_package(Boost 1.81.0 EXACT REQUIRED CONFIG COMPONENTS system json url)
find_package(simdjson REQUIRED)
find_package(fmt REQUIRED)
find_package(spdlog REQUIRED)
find_package(tomlplusplus REQUIRED)
find_package(OpenSSL 3 REQUIRED)
pkg_check_modules(SQLITE3 REQUIRED IMPORTED_TARGET sqlite3)
pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium)
pkg_check_modules(IDN2 REQUIRED IMPORTED_TARGET libidn2)
pkg_check_modules(RE2 REQUIRED IMPORTED_TARGET re2)
find_path(CLI11_INCLUDE_DIR CLI/CLI.hpp REQUIRED)
if(QCCM_BUILD_TESTS)
  find_package(GTest REQUIRED)
  include(GoogleTest)
endif()
if(QCCM_BUILD_BENCH)
  find_package(benchmark REQUIRED)
endif()

# libphonenumber: headers unpacked by scripts/install-deps.sh into /opt/qccm-deps (its -dev
# package conflicts with Boost 1.81), the shared library from Debian's libphonenumber8.
find_path(PHONENUMBER_INCLUDE_DIR phonenumbers/phonenumberutil.h
          PATHS /opt/qccm-deps/usr/include REQUIRED)
find_library(PHONENUMBER_LIBRARY NAMES libphonenumber.so.8 phonenumber REQUIRED)
find_library(PROTOBUF_LIBRARY NAMES protobuf REQUIRED)
add_library(qccm_phonenumber INTERFACE)
target_include_directories(qccm_phonenumber SYSTEM INTERFACE ${PHONENUMBER_INCLUDE_DIR})
target_link_libraries(qccm_phonenumber INTERFACE ${PHONENUMBER_LIBRARY} ${PROTOBUF_LIBRARY})
