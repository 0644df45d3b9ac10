# Runs `engram check MODEL` and expects success with nothing on stderr.
execute_process(COMMAND ${ENGRAM} check ${MODEL}
                RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT status EQUAL 0 OR NOT err STREQUAL "")
  message(FATAL_ERROR "engram check ${MODEL}: expected a clean check, got status ${status}\n${err}")
endif()
