// CentreLink: which centre this kiosk syncs with and the device token that proves which kiosk it
// is. `talkoo-kiosk --server URL --token TOKEN` gives them once; the kiosk remembers them in its
// data folder, so later starts need no flags:
//
//   - the server address in the store's settings (key "sync.server_url");
//   - the token in <data dir>/device-token, mode 0600: it lets anyone post signups as this
//     kiosk, so only the kiosk's own user may read it. Written to a temporary file, synced and
//     renamed, so a crash never leaves half a token.
//
// Both are checked before they are remembered, with advice a technician can follow.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "core/local_store.hpp"

namespace talkoo::sync {

inline constexpr std::string_view kServerUrlSetting = "sync.server_url";
inline constexpr std::string_view kTokenFileName = "device-token";

struct CentreLink {
    std::string server_url;
    std::string token;
};

// Each returns its argument when it is acceptable and throws std::invalid_argument with advice
// otherwise. A server address is http(s)://host[:port][/path]; plain http:// only for a centre
// on this machine (localhost, 127.x.x.x, [::1]), since signups carry personal data. A token is a
// device token ("tkd_" and base64url characters), not a coordinator's ("tkc_").
std::string checked_server_url(const std::string& url);
std::string checked_device_token(const std::string& token);

// What is remembered, after remembering `server_url` and `token` when given (flags of this
// start). nullopt when there is no server address or no token. Throws std::invalid_argument for
// a bad flag and std::runtime_error when the token file cannot be read or written.
std::optional<CentreLink> resolve_centre_link(LocalStore& store,
                                              const std::filesystem::path& data_dir,
                                              const std::optional<std::string>& server_url,
                                              const std::optional<std::string>& token);

}  // namespace talkoo::sync
