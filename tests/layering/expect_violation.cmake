# Runs the layering check on a fixture tree and passes only if it fails with a message matching EXPECT.
execute_process(COMMAND ${CMAKE_COMMAND} -DROOT=${ROOT} -DRULES=${RULES} -P ${SCRIPT}
                RESULT_VARIABLE exit OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(exit EQUAL 0)
  message(FATAL_ERROR "the layering check accepted ${ROOT}, which has a violation\n${out}${err}")
endif()
if(NOT "${out}${err}" MATCHES "${EXPECT}")
  message(FATAL_ERROR "the layering check failed, but without the expected message\n"
                      "expected: ${EXPECT}\noutput:\n${out}${err}")
endif()
message(STATUS "violation detected as expected:\n${err}")
