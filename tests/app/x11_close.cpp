// See x11_close.hpp.
#include "x11_close.hpp"

#include <X11/Xatom.h>
#include <X11/Xlib.h>

#include <chrono>
#include <thread>

namespace talkoo::test {
namespace {

// The window of `pid` among `w` and its descendants, or 0.
Window find_window(Display* d, Window w, Atom pid_atom, pid_t pid) {
    Atom type = 0;
    int format = 0;
    unsigned long items = 0, after = 0;
    unsigned char* data = nullptr;
    if (XGetWindowProperty(d, w, pid_atom, 0, 1, False, XA_CARDINAL, &type, &format, &items, &after,
                           &data) == Success &&
        data) {
        const bool match = items == 1 && format == 32 &&
                           static_cast<pid_t>(*reinterpret_cast<unsigned long*>(data)) == pid;
        XFree(data);
        if (match) return w;
    }
    Window root = 0, parent = 0, *children = nullptr;
    unsigned int n = 0;
    Window found = 0;
    if (XQueryTree(d, w, &root, &parent, &children, &n)) {
        for (unsigned int i = 0; i < n && !found; ++i)
            found = find_window(d, children[i], pid_atom, pid);
        if (children) XFree(children);
    }
    return found;
}

}  // namespace

bool x11_request_close(const std::string& display, pid_t pid, int timeout_ms) {
    Display* d = XOpenDisplay(display.c_str());
    if (!d) return false;
    const Atom pid_atom = XInternAtom(d, "_NET_WM_PID", False);
    const Atom protocols = XInternAtom(d, "WM_PROTOCOLS", False);
    const Atom del = XInternAtom(d, "WM_DELETE_WINDOW", False);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    Window w = 0;
    while (!(w = find_window(d, DefaultRootWindow(d), pid_atom, pid)) &&
           std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    if (w) {
        XEvent e{};
        e.xclient.type = ClientMessage;
        e.xclient.window = w;
        e.xclient.message_type = protocols;
        e.xclient.format = 32;
        e.xclient.data.l[0] = static_cast<long>(del);
        e.xclient.data.l[1] = CurrentTime;
        XSendEvent(d, w, False, NoEventMask, &e);
        XFlush(d);
    }
    XCloseDisplay(d);
    return w != 0;
}

}  // namespace talkoo::test
