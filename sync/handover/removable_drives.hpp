// Where a handover file can go: the removable drives mounted on this machine. Desktop Debian
// mounts a USB stick under /run/media/USER/LABEL (udisks2) or /media/USER/LABEL; a bare kiosk
// with usbmount or an fstab line under /media/NAME. The staff panel lists what is mounted under
// those roots (from /proc/self/mountinfo), with the space left on each; staff can also type a
// folder, and `talkoo-kiosk --export-handover DIR` takes one.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace talkoo::handover {

struct RemovableDrive {
    std::filesystem::path path;  // where it is mounted
    std::string label;           // the mount point's last part, e.g. "STICK"
    std::string fs_type;         // vfat, exfat, ext4, ...
    bool read_only = false;
    uint64_t free_bytes = 0;
    uint64_t total_bytes = 0;
};

// The mounts under `roots`, as the mount table `mountinfo` lists them (the kernel's format),
// by path. A root that is itself a mount point is not a drive.
std::vector<RemovableDrive> find_removable_drives(
    const std::vector<std::filesystem::path>& roots = {"/media", "/run/media"},
    const std::filesystem::path& mountinfo = "/proc/self/mountinfo");

// A folder staff chose, described like a drive (its space from statvfs). Throws
// std::runtime_error when it is not a folder.
RemovableDrive describe_folder(const std::filesystem::path& folder);

}  // namespace talkoo::handover
