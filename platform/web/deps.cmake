# The web build's third-party libraries as the imported targets the native build gets from
# pkg-config and find_package, so that core/, sync/ and app/ build unchanged for WebAssembly.
# TALKOO_WEB_DEPS is the folder scripts/build-web-deps.sh made (dev.sh web-build passes it).
if(NOT TALKOO_WEB_DEPS OR NOT EXISTS "${TALKOO_WEB_DEPS}/ok")
    message(FATAL_ERROR "The web build needs -DTALKOO_WEB_DEPS=DIR, a folder made by "
                        "scripts/build-web-deps.sh (./dev.sh web-build does both).")
endif()
set(deps_include "${TALKOO_WEB_DEPS}/include")
set(deps_lib "${TALKOO_WEB_DEPS}/lib")

function(talkoo_web_library name file)
    add_library(${name} STATIC IMPORTED GLOBAL)
    set_target_properties(${name} PROPERTIES IMPORTED_LOCATION "${deps_lib}/${file}"
                                             INTERFACE_INCLUDE_DIRECTORIES "${ARGN}")
endfunction()

talkoo_web_library(PkgConfig::SQLITE3 libsqlite3.a "${deps_include}")
talkoo_web_library(PkgConfig::SDL2 libSDL2.a "${deps_include}/SDL2")
talkoo_web_library(PkgConfig::IMGUI libimgui.a "${deps_include}/imgui;${deps_include}/imgui/backends")
talkoo_web_library(PkgConfig::QRENCODE libqrencode.a "${deps_include}")
talkoo_web_library(PkgConfig::SODIUM libsodium.a "${deps_include}")
target_link_libraries(PkgConfig::IMGUI INTERFACE PkgConfig::SDL2)

# No threads without -pthread (and the cross-origin isolation a page would need for them).
add_library(Threads::Threads INTERFACE IMPORTED GLOBAL)

# nlohmann_json is header-only: Debian's headers, found through a config of our own (the
# toolchain file keeps find_package inside emscripten's sysroot, away from /usr/include).
set(nlohmann_dir "${CMAKE_BINARY_DIR}/web-cmake/nlohmann_json")
file(WRITE "${nlohmann_dir}/nlohmann_jsonConfig.cmake"
     "if(NOT TARGET nlohmann_json::nlohmann_json)\n"
     "  add_library(nlohmann_json::nlohmann_json INTERFACE IMPORTED GLOBAL)\n"
     "  set_target_properties(nlohmann_json::nlohmann_json PROPERTIES\n"
     "    INTERFACE_INCLUDE_DIRECTORIES \"${deps_include}/json\")\n"
     "endif()\n")
file(WRITE "${nlohmann_dir}/nlohmann_jsonConfigVersion.cmake"
     "set(PACKAGE_VERSION 3.11.2)\nset(PACKAGE_VERSION_COMPATIBLE TRUE)\n")
set(nlohmann_json_DIR "${nlohmann_dir}" CACHE PATH "" FORCE)

# C++ exceptions carry the store's and the catalogue's errors (StoreError...): WebAssembly's own
# exception handling, which today's browsers have (emscripten's default would abort on a throw).
add_compile_options(-fwasm-exceptions)
add_link_options(-fwasm-exceptions)

# emcc compiles a file slower than g++, and most of that is the same headers again (ImGui,
# nlohmann_json, the standard library): a unity build, 16 files per compilation, takes about a
# third of the time (measured: 1.5 against 4.4 minutes on this 2-core machine under load). A name
# that two .cpp files each keep in an unnamed namespace then collides: name such helpers apart.
set(CMAKE_UNITY_BUILD ON)
set(CMAKE_UNITY_BUILD_BATCH_SIZE 16)
