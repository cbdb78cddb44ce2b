// CentreLink (see centre_link.hpp): checking the address and token, and keeping them.
#include "sync/client/centre_link.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "sync/client/central_client.hpp"

namespace talkoo::sync {
namespace {

bool is_loopback_host(std::string host) {
    if (host.starts_with("[")) return host.starts_with("[::1]");
    if (size_t colon = host.find(':'); colon != std::string::npos) host.resize(colon);
    for (auto& c : host)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return host == "localhost" || host.starts_with("127.");
}

void write_token_file(const std::filesystem::path& file, const std::string& token) {
    const std::filesystem::path temp = file.string() + ".new";
    int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
    auto fail = [&](const char* what) {
        const std::string reason = std::strerror(errno);
        if (fd >= 0) ::close(fd);
        ::unlink(temp.c_str());
        throw std::runtime_error("Cannot " + std::string(what) + " the device token file " +
                                 file.string() + " (" + reason +
                                 "): check that the data folder is writable.");
    };
    if (fd < 0) fail("create");
    // Whatever the umask or an older file's mode: only this user may read the token.
    if (::fchmod(fd, 0600) != 0) fail("protect");
    const std::string text = token + "\n";
    if (::write(fd, text.data(), text.size()) != static_cast<ssize_t>(text.size())) fail("write");
    if (::fsync(fd) != 0) fail("sync");
    ::close(fd);
    fd = -1;
    if (::rename(temp.c_str(), file.c_str()) != 0) fail("save");
}

std::optional<std::string> read_token_file(const std::filesystem::path& file) {
    struct stat st {};
    if (::stat(file.c_str(), &st) != 0) {
        if (errno == ENOENT) return std::nullopt;
        throw std::runtime_error("Cannot read the device token file " + file.string() + " (" +
                                 std::strerror(errno) + ").");
    }
    // A token file that others can read (copied by hand, say) is made private again.
    if ((st.st_mode & 077) != 0) ::chmod(file.c_str(), 0600);
    std::ifstream in(file);
    if (!in)
        throw std::runtime_error("Cannot read the device token file " + file.string() +
                                 ": check its permissions.");
    std::string token;
    std::getline(in, token);
    while (!token.empty() && std::isspace(static_cast<unsigned char>(token.back())))
        token.pop_back();
    if (token.empty()) return std::nullopt;
    return token;
}

}  // namespace

std::string checked_server_url(const std::string& url) {
    const std::string advice =
        " Give the centre's address as https://host[:port], e.g. https://central.example.fi.";
    const bool https = url.starts_with("https://");
    if (!https && !url.starts_with("http://"))
        throw std::invalid_argument("The server address '" + url +
                                    "' does not start with https:// (or http://)." + advice);
    for (unsigned char c : url)
        if (c <= 0x20 || c >= 0x7f || c == '?' || c == '#' || c == '\\')
            throw std::invalid_argument(
                "The server address has a space, a query (?), a fragment (#) or a character "
                "that does not belong in an address." +
                advice);
    const std::string host = host_of_url(url);
    if (host.empty() || host.starts_with(":"))
        throw std::invalid_argument("The server address '" + url + "' has no host name." + advice);
    if (url.find('@') != std::string::npos)
        throw std::invalid_argument(
            "The server address must not hold a user name or password (@): the device token is "
            "the kiosk's only credential." +
            advice);
    if (!https && !is_loopback_host(host))
        throw std::invalid_argument(
            "The server address '" + url +
            "' uses plain http:// to another machine: signups carry visitors' personal data and "
            "must travel encrypted. Use https:// (plain http:// is accepted only for a centre on "
            "this machine, such as the local demo).");
    return url;
}

std::string checked_device_token(const std::string& token) {
    if (token.starts_with("tkc_"))
        throw std::invalid_argument(
            "This is a coordinator's token (tkc_...). A kiosk needs a device token (tkd_...): "
            "make one with `talkoo-central device add --name NAME --point INFO_POINT`.");
    bool ok = token.starts_with("tkd_") && token.size() >= 24 && token.size() <= 200;
    for (size_t i = 4; ok && i < token.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(token[i]);
        ok = std::isalnum(c) || c == '-' || c == '_';
    }
    if (!ok)
        throw std::invalid_argument(
            "This does not look like a device token: a device token starts with tkd_ followed by "
            "about 43 letters, digits, - and _. Copy it again from the output of `talkoo-central "
            "device add`.");
    return token;
}

std::optional<CentreLink> resolve_centre_link(LocalStore& store,
                                              const std::filesystem::path& data_dir,
                                              const std::optional<std::string>& server_url,
                                              const std::optional<std::string>& token) {
    // Check both before remembering either, so a typo in one changes nothing.
    if (server_url) checked_server_url(*server_url);
    if (token) checked_device_token(*token);
    if (server_url) store.set_setting(kServerUrlSetting, *server_url);
    if (token) write_token_file(data_dir / kTokenFileName, *token);

    CentreLink link;
    link.server_url = store.setting(kServerUrlSetting).value_or("");
    link.token = read_token_file(data_dir / kTokenFileName).value_or("");
    if (link.server_url.empty() || link.token.empty()) return std::nullopt;
    return link;
}

}  // namespace talkoo::sync
