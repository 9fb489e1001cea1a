# Helpers that give every QCCM target the same warnings, include paths and sanitizers.

# Designated initialisers that leave members to their defaults are house style (options
# structs), so -Wmissing-field-initializers is off.
# -Wno-restrict: g++ 12 at -O3 reports false -Wrestrict overlaps inside libstdc++ for
# `"literal" + std::string` (GCC bug 105329); the Release build (`make run`) stopped on it.
set(QCCM_WARNINGS -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion
                  -Wno-missing-field-initializers -Wno-restrict -Werror)

function(qccm_target_defaults target)
  target_compile_options(${target} PRIVATE ${QCCM_WARNINGS})
  if(QCCM_SANITIZE)
    target_compile_options(${target} PRIVATE -fsanitize=address,undefined -fno-omit-frame-pointer
                                             -fno-sanitize-recover=undefined)
    target_link_options(${target} PRIVATE -fsanitize=address,undefined)
  endif()
endfunction()

# qccm_add_library(name SOURCES ... DEPS ...): a module library. Public headers live in
# include/qccm/<module>/, private ones next to the sources (src/ is on the private path).
function(qccm_add_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR}/include
                                     PRIVATE ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(${name} PUBLIC ${ARG_DEPS} PRIVATE ${ARG_PRIVATE_DEPS})
  qccm_target_defaults(${name})
endfunction()

# qccm_add_test(name SOURCES ... DEPS ... LABELS ...): one GoogleTest executable,
# registered with ctest per test case so that failures name the behaviour.
function(qccm_add_test name)
  cmake_parse_arguments(ARG "" "TIMEOUT" "SOURCES;DEPS;LABELS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/src ${PROJECT_SOURCE_DIR}/tests)
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gmock GTest::gtest_main)
  target_compile_definitions(${name} PRIVATE
    QCCM_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
    QCCM_SHARED_DATA_DIR="${QCCM_SHARED_DATA}"
    QCCM_BINARY="$<TARGET_FILE:qccm>")
  qccm_target_defaults(${name})
  if(NOT ARG_LABELS)
    set(ARG_LABELS unit)
  endif()
  if(NOT ARG_TIMEOUT)
    set(ARG_TIMEOUT 300)
  endif()
  gtest_discover_tests(${name}
    PROPERTIES LABELS "${ARG_LABELS}" TIMEOUT ${ARG_TIMEOUT}
    DISCOVERY_TIMEOUT 60)
endfunction()
