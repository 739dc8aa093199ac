# Used by scripts/fuzz.sh as CMAKE_PROJECT_codecrucible_INCLUDE until the top CMakeLists.txt
# has `if(CC_BUILD_FUZZ) add_subdirectory(fuzz) endif()`: defines the fuzz targets at the end
# of the top directory unless the top file already added fuzz/. (Deferred calls may not
# create subdirectories, hence include() of the same target definitions.)
function(cc_fuzz_inject)
  get_property(added GLOBAL PROPERTY CC_FUZZ_ADDED)
  if(CC_BUILD_FUZZ AND NOT added)
    include(${CMAKE_SOURCE_DIR}/fuzz/cmake/targets.cmake)
  endif()
endfunction()
cmake_language(DEFER DIRECTORY ${CMAKE_SOURCE_DIR} CALL cc_fuzz_inject)
