// Asking a program's window to close, as a window manager does (WM_DELETE_WINDOW), with Xlib:
// for lock_down_test.cpp. In a file of its own because Xlib's macros collide with Catch2's names.
#pragma once

#include <sys/types.h>

#include <string>

namespace talkoo::test {

// Finds the top-level window of process `pid` (_NET_WM_PID) on `display`, waiting up to
// `timeout_ms` for it to appear, and sends it WM_DELETE_WINDOW. False when no such window came.
bool x11_request_close(const std::string& display, pid_t pid, int timeout_ms);

}  // namespace talkoo::test
