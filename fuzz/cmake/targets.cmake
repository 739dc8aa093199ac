# The fuzz targets; included by fuzz/CMakeLists.txt (or by cmake/inject.cmake).
get_filename_component(CC_FUZZ_DIR ${CMAKE_CURRENT_LIST_DIR} DIRECTORY)
if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
  message(WARNING "CC_BUILD_FUZZ needs clang (libFuzzer); fuzz targets skipped")
  return()
endif()
set_property(GLOBAL PROPERTY CC_FUZZ_ADDED TRUE)

# Every fuzz/<name>_fuzz.cpp becomes the executable fuzz_<name>, linked with the smallest
# library that holds the code under test (cc_server when not listed).
set(CC_FUZZ_LIBS_frame_decoder cc_protocol)
set(CC_FUZZ_LIBS_document_edits cc_protocol)
# The stream parsers and what consumes them (answer limits, secret scrubbing) are pure:
# compile just their sources instead of waiting for (and linking) all of cc_generation with
# its HTTP and Redis clients.
set(CC_FUZZ_LIBS_stream_parsers cc_analysis nlohmann_json::nlohmann_json)
set(CC_FUZZ_EXTRA_stream_parsers ${PROJECT_SOURCE_DIR}/generation/backends/stream_parsers.cpp
    ${PROJECT_SOURCE_DIR}/generation/backends/answer_stream.cpp ${PROJECT_SOURCE_DIR}/generation/redact.cpp)
set(CC_FUZZ_LIBS_analyzer cc_analysis)
# Configuration files: the reading path (server/config*.cpp over protocol/) and the analysis
# settings reader; compile those sources instead of linking all of cc_server.
set(CC_FUZZ_LIBS_config cc_protocol)
set(CC_FUZZ_EXTRA_config ${PROJECT_SOURCE_DIR}/server/config.cpp ${PROJECT_SOURCE_DIR}/server/config_keys.cpp
    ${PROJECT_SOURCE_DIR}/analysis/analysis_config.cpp ${PROJECT_SOURCE_DIR}/analysis/rules/catalog.cpp
    ${PROJECT_SOURCE_DIR}/analysis/finding.cpp)
file(GLOB CC_FUZZ_SOURCES CONFIGURE_DEPENDS ${CC_FUZZ_DIR}/*_fuzz.cpp)
set(CC_FUZZ_TARGETS)
foreach(source ${CC_FUZZ_SOURCES})
  get_filename_component(stem ${source} NAME_WE)
  string(REGEX REPLACE "_fuzz$" "" name ${stem})
  add_executable(fuzz_${name} ${source} ${CC_FUZZ_EXTRA_${name}})
  target_include_directories(fuzz_${name} PRIVATE ${PROJECT_SOURCE_DIR} ${PROJECT_BINARY_DIR}/server/generated)
  target_compile_options(fuzz_${name} PRIVATE -fsanitize=fuzzer,address,undefined)
  target_link_options(fuzz_${name} PRIVATE -fsanitize=fuzzer,address,undefined)
  set(libs cc_server)
  if(DEFINED CC_FUZZ_LIBS_${name})
    set(libs ${CC_FUZZ_LIBS_${name}})
  endif()
  target_link_libraries(fuzz_${name} PRIVATE ${libs} cc_warnings)
  set_target_properties(fuzz_${name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/fuzz)
  list(APPEND CC_FUZZ_TARGETS fuzz_${name})
endforeach()
add_custom_target(fuzz_all DEPENDS ${CC_FUZZ_TARGETS})

# Replays the saved crash inputs (fuzz/regressions/<target>/*) through each binary: a fixed
# bug that comes back fails ctest in the fuzz build. The GoogleTest regressions in
# tests/<area>/fuzz_regressions_test.cpp cover the normal g++ build.
# `ctest --test-dir <build>/fuzz` runs them (scripts/fuzz.sh replays them too).
enable_testing()
foreach(target ${CC_FUZZ_TARGETS})
  string(REGEX REPLACE "^fuzz_" "" name ${target})
  set(dir ${CC_FUZZ_DIR}/regressions/${name})
  if(IS_DIRECTORY ${dir})
    add_test(NAME ${target}_regressions COMMAND ${target} -runs=0 ${dir})
    set_tests_properties(${target}_regressions PROPERTIES LABELS fuzz)
  endif()
endforeach()
