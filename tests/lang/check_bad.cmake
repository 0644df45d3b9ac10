# Runs `engram check MODEL` and compares its stderr with EXPECTED, byte for byte.
execute_process(COMMAND ${ENGRAM} check ${MODEL}
                RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
file(READ ${EXPECTED} expected)
if(NOT status EQUAL 1)
  message(FATAL_ERROR "engram check ${MODEL}: expected exit status 1 (model error), got ${status}\n${err}")
endif()
if(NOT err STREQUAL expected)
  message(FATAL_ERROR "engram check ${MODEL}: diagnostics differ.\n--- expected\n${expected}\n--- got\n${err}")
endif()
