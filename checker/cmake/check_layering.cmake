# Layering check, run in script mode by CTest:
#   cmake -DROOT=<checker dir> -DRULES=<build>/ptmc_layering_rules.cmake -P check_layering.cmake
#
# Fails, naming file and line, when a file in <ROOT>/<m>/
#   - includes "X/..." where X is a module that is neither m nor an allowed dependency of m
#     (the transitive closure of the DEPENDS lists given to ptmc_add_module);
#   - includes a third-party header outside its one adapter module
#     (z3 -> smt, boost/graph -> graph, nlohmann -> report, CLI11 -> cli);
#   - includes, from another module, an adapter's header that itself includes the third-party library
#     (the third-party types would leak out of the adapter);
#   - writes to stdout outside cli (std::cout, printf, puts, stdout);
#   - lies in a directory of ROOT that is not a registered module.

cmake_minimum_required(VERSION 3.22)

if(NOT ROOT OR NOT RULES)
  message(FATAL_ERROR "usage: cmake -DROOT=<checker dir> -DRULES=<rules file> -P check_layering.cmake")
endif()
include(${RULES})
get_filename_component(ROOT "${ROOT}" ABSOLUTE)
get_filename_component(display_base "${ROOT}" DIRECTORY)

# Third-party include patterns and the one module allowed to use each.
set(third_party_names z3 boost_graph nlohmann_json cli11)
set(third_party_regex_z3 "^z3[_+.]")
set(third_party_module_z3 smt)
set(third_party_regex_boost_graph "^boost/graph/")
set(third_party_module_boost_graph graph)
set(third_party_regex_nlohmann_json "^nlohmann/")
set(third_party_module_nlohmann_json report)
set(third_party_regex_cli11 "^CLI/")
set(third_party_module_cli11 cli)

set(stdout_regex "(std::cout|std::printf|std::puts|std::putchar|(^|[^A-Za-z0-9_:.>])(printf|puts|putchar)[ \t]*\\(|(^|[^A-Za-z0-9_])stdout([^A-Za-z0-9_]|$))")

set(violations "")
function(violation file line text)
  file(RELATIVE_PATH shown "${display_base}" "${file}")
  list(APPEND violations "${shown}:${line}: error: ${text}")
  set(violations "${violations}" PARENT_SCOPE)
endfunction()

# Reads a file into a list of lines, with characters that CMake lists treat specially made harmless.
function(read_lines file out_var)
  file(READ "${file}" content)
  string(REPLACE "\\" "/" content "${content}")
  string(REPLACE ";" "," content "${content}")
  string(REPLACE "[" "(" content "${content}")
  string(REPLACE "]" ")" content "${content}")
  string(REPLACE "\r" "" content "${content}")
  # Keep empty lines (and so line numbers): give each one a character.
  string(REPLACE "\n" " \n" content "${content}")
  string(REPLACE "\n" ";" lines "${content}")
  set(${out_var} "${lines}" PARENT_SCOPE)
endfunction()

file(GLOB_RECURSE files LIST_DIRECTORIES false RELATIVE "${ROOT}"
     "${ROOT}/*.h" "${ROOT}/*.hpp" "${ROOT}/*.cpp" "${ROOT}/*.cc" "${ROOT}/*.ipp" "${ROOT}/*.inc")
list(SORT files)

# Pass 1: the include lines of every file, and which adapter headers expose a third-party library.
set(scanned "")
foreach(rel IN LISTS files)
  if(NOT rel MATCHES "^([^/]+)/")
    violation("${ROOT}/${rel}" 1 "source file outside any module directory")
    continue()
  endif()
  set(module "${CMAKE_MATCH_1}")
  if(NOT module IN_LIST PTMC_MODULES)
    violation("${ROOT}/${rel}" 1 "'${module}/' is not a module registered with ptmc_add_module()")
    continue()
  endif()
  list(APPEND scanned "${rel}")
  read_lines("${ROOT}/${rel}" lines)
  set(includes_${rel} "")
  set(stdout_${rel} "")
  set(number 0)
  foreach(line IN LISTS lines)
    math(EXPR number "${number} + 1")
    if(line MATCHES "^[ \t]*#[ \t]*include[ \t]*([\"<])([^\">]+)[\">]")
      set(target "${CMAKE_MATCH_2}")
      list(APPEND includes_${rel} "${number}|${CMAKE_MATCH_1}|${target}")
      if(rel MATCHES "\\.(h|hpp)$")
        foreach(lib IN LISTS third_party_names)
          if(target MATCHES "${third_party_regex_${lib}}")
            set(exposes_${rel} "${lib}")
          endif()
        endforeach()
      endif()
    elseif(NOT module STREQUAL "cli")
      # Strip comments and string literals before looking for writes to stdout.
      string(REGEX REPLACE "//.*$" "" code "${line}")
      string(REGEX REPLACE "\"([^\"/]|/.)*\"" "\"\"" code "${code}")
      if(code MATCHES "^[ \t]*/?\\*")
        set(code "")
      endif()
      if(code MATCHES "${stdout_regex}")
        list(APPEND stdout_${rel} "${number}")
      endif()
    endif()
  endforeach()
endforeach()

# Pass 2: check every include against the rules.
foreach(rel IN LISTS scanned)
  string(REGEX REPLACE "/.*$" "" module "${rel}")
  set(allowed ${module} ${PTMC_MODULE_DEPS_${module}})
  set(file "${ROOT}/${rel}")
  foreach(entry IN LISTS includes_${rel})
    string(REPLACE "|" ";" parts "${entry}")
    list(GET parts 0 number)
    list(GET parts 1 delimiter)
    list(GET parts 2 target)

    foreach(lib IN LISTS third_party_names)
      if(target MATCHES "${third_party_regex_${lib}}" AND NOT module STREQUAL third_party_module_${lib})
        violation("${file}" ${number}
          "'${module}' includes <${target}>: ${lib} may only be used inside its adapter module '${third_party_module_${lib}}'")
      endif()
    endforeach()

    if(delimiter STREQUAL "\"" AND target MATCHES "^([^/]+)/")
      set(used "${CMAKE_MATCH_1}")
      if(used IN_LIST PTMC_MODULES AND NOT used IN_LIST allowed)
        string(REPLACE ";" ", " shown_deps "${PTMC_MODULE_DEPS_${module}}")
        if(shown_deps STREQUAL "")
          set(shown_deps "none")
        endif()
        violation("${file}" ${number}
          "'${module}' includes \"${target}\" but '${used}' is not a dependency of '${module}' (allowed: ${shown_deps}): add it to DEPENDS in checker/${module}/CMakeLists.txt only if the layering permits")
      elseif(used IN_LIST PTMC_MODULES AND NOT used STREQUAL module AND DEFINED exposes_${target})
        violation("${file}" ${number}
          "'${module}' includes \"${target}\", which exposes ${exposes_${target}} outside its adapter module '${used}': keep third-party types out of the adapter's public headers")
      endif()
    endif()
  endforeach()
  foreach(number IN LISTS stdout_${rel})
    violation("${file}" ${number} "'${module}' writes to stdout: only cli prints to stdout")
  endforeach()
endforeach()

list(LENGTH scanned scanned_count)
list(LENGTH violations count)
if(count GREATER 0)
  foreach(v IN LISTS violations)
    message(NOTICE "${v}")
  endforeach()
  message(FATAL_ERROR "${count} layering violation(s) in ${scanned_count} files under ${ROOT}")
endif()
message(STATUS "layering: ${scanned_count} files under ${ROOT} respect the module dependencies")
