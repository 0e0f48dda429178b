# Writes the man pages, git-dvx.1 and one git-dvx-<command>.1 per command,
# from the binary's own --help text (help2man), so `git dvx --help`,
# `git help dvx` and `man git-dvx-push` show what `--help` prints.
#   cmake -DDVX_BIN=... -DOUT_DIR=... -DVERSION=... -DINCLUDE=... -P man_pages.cmake
find_program(HELP2MAN help2man)
if(NOT HELP2MAN)
  message(STATUS "help2man not found: man pages not generated (install/deps.sh installs it)")
  return()
endif()
file(MAKE_DIRECTORY ${OUT_DIR})
execute_process(COMMAND ${DVX_BIN} --help OUTPUT_VARIABLE top RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${DVX_BIN} --help failed")
endif()
execute_process(COMMAND ${HELP2MAN} --no-info --no-discard-stderr --version-string=${VERSION}
                        --name "data and model versioning with plain git" --section 1
                        --include ${INCLUDE} --output ${OUT_DIR}/git-dvx.1 ${DVX_BIN}
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "help2man failed for git-dvx")
endif()
string(REPLACE "\n" ";" lines "${top}")
foreach(line ${lines})
  if(line MATCHES "^  ([a-z][a-z-]*) +(.*)$")
    set(cmd ${CMAKE_MATCH_1})
    set(summary ${CMAKE_MATCH_2})
    set(page ${OUT_DIR}/git-dvx-${cmd}.1)
    execute_process(COMMAND ${HELP2MAN} --no-info --no-discard-stderr --version-string=${VERSION}
                            --name "${summary}" --section 1 --output ${page} "${DVX_BIN} ${cmd}"
                    RESULT_VARIABLE rc)
    if(NOT rc EQUAL 0)
      message(FATAL_ERROR "help2man failed for git-dvx ${cmd}")
    endif()
    # help2man names the page after the program's first word; this page is
    # git-dvx-<command>.
    file(READ ${page} text)
    string(TOUPPER ${cmd} upper)
    string(REPLACE ".TH GIT-DVX " ".TH GIT-DVX-${upper} " text "${text}")
    string(REPLACE "git-dvx ${cmd} \\- " "git-dvx-${cmd} \\- " text "${text}")
    file(WRITE ${page} "${text}")
  endif()
endforeach()
