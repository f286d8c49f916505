# Finds the third-party libraries; each missing one stops configuration with the Debian package to install.
# Every library is used by exactly one adapter module (see checker/cmake/check_layering.cmake).

function(ptmc_missing what package)
  message(FATAL_ERROR
    "ptmc: ${what} not found.\n"
    "Install the Debian package '${package}' (apt-get install ${package}), or run: bash .ci/setup-deps")
endfunction()

# Z3 (smt/). Debian's libz3-dev ships no Z3Config.cmake, so fall back to header + library.
find_package(Z3 CONFIG QUIET)
if(NOT TARGET z3::libz3)
  find_path(PTMC_Z3_INCLUDE_DIR z3++.h PATH_SUFFIXES z3)
  find_library(PTMC_Z3_LIBRARY NAMES z3 libz3)
  if(NOT PTMC_Z3_INCLUDE_DIR OR NOT PTMC_Z3_LIBRARY)
    ptmc_missing("Z3 (z3++.h and libz3)" libz3-dev)
  endif()
  add_library(z3::libz3 UNKNOWN IMPORTED)
  set_target_properties(z3::libz3 PROPERTIES
    IMPORTED_LOCATION "${PTMC_Z3_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${PTMC_Z3_INCLUDE_DIR}")
endif()

# Boost.Graph (graph/), header-only use.
find_package(Boost 1.71 CONFIG QUIET)
find_path(PTMC_BOOST_GRAPH_INCLUDE_DIR boost/graph/compressed_sparse_row_graph.hpp HINTS ${Boost_INCLUDE_DIRS})
if(NOT Boost_FOUND OR NOT TARGET Boost::headers OR NOT PTMC_BOOST_GRAPH_INCLUDE_DIR)
  ptmc_missing("Boost.Graph headers" libboost-graph-dev)
endif()

# nlohmann/json (report/).
find_package(nlohmann_json 3.2 CONFIG QUIET)
if(NOT TARGET nlohmann_json::nlohmann_json)
  ptmc_missing("nlohmann_json" nlohmann-json3-dev)
endif()

# CLI11 (cli/).
find_package(CLI11 2.0 CONFIG QUIET)
if(NOT TARGET CLI11::CLI11)
  ptmc_missing("CLI11" libcli11-dev)
endif()

# GoogleTest (tests/).
find_package(GTest QUIET)
if(NOT TARGET GTest::gtest OR NOT TARGET GTest::gtest_main)
  ptmc_missing("GoogleTest" libgtest-dev)
endif()
