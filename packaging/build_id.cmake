# The build's identity beside the release version (issue 19, "one version"): the release is
# CMake's project version (TALKOO_VERSION, compiled into everything, and what a kiosk reports to
# the centre); a build from a git checkout adds `git describe` (TALKOO_BUILD_ID: "f85262e",
# "f85262e-dirty", "v0.2.0-3-gf85262e"), shown by --version and /v1/health. Built from a
# tarball, without git, the id is empty.
#
# Two uses of this file:
#  - included from packaging/cpack.cmake: a target that runs it in script mode on every build
#    (the id changes with each commit, without a reconfigure), and the INTERFACE library
#    talkoo_build_id that gives its header, build_id/talkoo_build_id.hpp, to the binaries;
#  - `cmake -DSOURCE_DIR=... -DOUTPUT=... -P build_id.cmake`: writes the header, touching it only
#    when the id changed, so that only the few files that print it compile again (not every
#    file, as a changed compile definition would).
if(CMAKE_SCRIPT_MODE_FILE)
    set(id "")
    find_program(git_program git)
    if(git_program AND EXISTS "${SOURCE_DIR}/.git")
        execute_process(COMMAND "${git_program}" describe --tags --always --dirty
                        WORKING_DIRECTORY "${SOURCE_DIR}" OUTPUT_VARIABLE id
                        OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET RESULT_VARIABLE rc)
        if(NOT rc EQUAL 0)
            set(id "")
        endif()
    endif()
    set(text "// Written by packaging/build_id.cmake on each build: the git checkout's description.\n"
             "#pragma once\n#define TALKOO_BUILD_ID \"${id}\"\n")
    string(JOIN "" text ${text})
    set(old "")
    if(EXISTS "${OUTPUT}")
        file(READ "${OUTPUT}" old)
    endif()
    if(NOT old STREQUAL text)
        file(WRITE "${OUTPUT}" "${text}")
    endif()
    return()
endif()

set(talkoo_build_id_dir ${CMAKE_BINARY_DIR}/build_id)
add_custom_target(talkoo-build-id
    COMMAND ${CMAKE_COMMAND} -DSOURCE_DIR=${CMAKE_SOURCE_DIR}
            -DOUTPUT=${talkoo_build_id_dir}/talkoo_build_id.hpp -P ${CMAKE_CURRENT_LIST_FILE}
    BYPRODUCTS ${talkoo_build_id_dir}/talkoo_build_id.hpp
    COMMENT "" VERBATIM)
add_library(talkoo_build_id INTERFACE)
target_include_directories(talkoo_build_id INTERFACE ${talkoo_build_id_dir})
# Who prints it: the kiosk's --version, the centre's `version` and /v1/health.
foreach(user talkoo-kiosk talkoo_central)
    if(TARGET ${user})
        target_link_libraries(${user} PRIVATE talkoo_build_id)
        add_dependencies(${user} talkoo-build-id)
    endif()
endforeach()
