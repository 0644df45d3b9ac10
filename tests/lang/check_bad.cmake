# Runs `engram check MODEL` and compares its stderr with EXPECTED, byte for byte.
# A file beside MODEL with the extension .args holds options to add (one line,
# e.g. a --memory-limit that does not depend on the machine).
string(REGEX REPLACE "\\.engram$" ".args" args_file ${MODEL})
set(args "")
if(EXISTS ${args_file})
  file(READ ${args_file} args_text)
  string(STRIP "${args_text}" args_text)
  separate_arguments(args UNIX_COMMAND "${args_text}")
endif()
execute_process(COMMAND ${ENGRAM} check ${args} ${MODEL}
                RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
file(READ ${EXPECTED} expected)
if(NOT status EQUAL 1)
  message(FATAL_ERROR "engram check ${MODEL}: expected exit status 1 (model error), got ${status}\n${err}")
endif()
if(NOT err STREQUAL expected)
  message(FATAL_ERROR "engram check ${MODEL}: diagnostics differ.\n--- expected\n${expected}\n--- got\n${err}")
endif()
