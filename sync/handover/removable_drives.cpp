// See removable_drives.hpp.
#include "sync/handover/removable_drives.hpp"

#include <sys/statvfs.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace talkoo::handover {
namespace {

// mountinfo escapes space, tab, newline and backslash in paths as \040, \011, \012, \134.
std::string unescape(const std::string& s) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\\' && i + 3 < s.size() + 1 &&
            std::isdigit(static_cast<unsigned char>(s[i + 1]))) {
            out += static_cast<char>(std::stoi(s.substr(i + 1, 3), nullptr, 8));
            i += 3;
        } else {
            out += s[i];
        }
    }
    return out;
}

bool under(const std::filesystem::path& path, const std::filesystem::path& root) {
    std::string p = path.lexically_normal().string(), r = root.lexically_normal().string();
    while (r.size() > 1 && r.back() == '/')
        r.pop_back();
    return p.size() > r.size() + 1 && p.compare(0, r.size(), r) == 0 && p[r.size()] == '/';
}

void fill_space(RemovableDrive& d) {
    struct statvfs st {};
    if (::statvfs(d.path.c_str(), &st) == 0) {
        d.free_bytes = static_cast<uint64_t>(st.f_bavail) * st.f_frsize;
        d.total_bytes = static_cast<uint64_t>(st.f_blocks) * st.f_frsize;
        if (st.f_flag & ST_RDONLY) d.read_only = true;
    }
}

}  // namespace

std::vector<RemovableDrive> find_removable_drives(const std::vector<std::filesystem::path>& roots,
                                                  const std::filesystem::path& mountinfo) {
    std::vector<RemovableDrive> drives;
    std::ifstream in(mountinfo);
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream fields(line);
        std::string id, parent, dev, root, mount_point, options, word;
        if (!(fields >> id >> parent >> dev >> root >> mount_point >> options)) continue;
        while (fields >> word && word != "-") {
        }
        std::string fs_type;
        fields >> fs_type;
        RemovableDrive d;
        d.path = unescape(mount_point);
        bool wanted = std::any_of(roots.begin(), roots.end(),
                                  [&](const auto& r) { return under(d.path, r); });
        if (!wanted) continue;
        d.label = d.path.filename().string();
        d.fs_type = fs_type;
        d.read_only = options == "ro" || options.starts_with("ro,");
        fill_space(d);
        drives.push_back(std::move(d));
    }
    std::sort(drives.begin(), drives.end(),
              [](const auto& a, const auto& b) { return a.path < b.path; });
    // A drive mounted twice (a bind mount) shows once.
    drives.erase(std::unique(drives.begin(), drives.end(),
                             [](const auto& a, const auto& b) { return a.path == b.path; }),
                 drives.end());
    return drives;
}

RemovableDrive describe_folder(const std::filesystem::path& folder) {
    std::error_code ec;
    if (!std::filesystem::is_directory(folder, ec))
        throw std::runtime_error("There is no folder " + folder.string() + ".");
    RemovableDrive d;
    d.path = folder;
    d.label = folder.filename().empty() ? folder.string() : folder.filename().string();
    fill_space(d);
    return d;
}

}  // namespace talkoo::handover
