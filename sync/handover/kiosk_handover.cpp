// See kiosk_handover.hpp.
#include "sync/handover/kiosk_handover.hpp"

#include <algorithm>
#include <set>

#include "core/clock.hpp"
#include "core/seal.hpp"
#include "core/uuid.hpp"
#include "sync/wire/protocol.hpp"

namespace talkoo::handover {
namespace {

void require_token(std::string_view token) {
    if (token.empty())
        throw HandoverError(
            HandoverError::Code::no_token,
            "This kiosk is not enrolled with a centre, so it has no device token to sign a "
            "handover file with (the centre would not know whose file it is). Enrol it once with "
            "`talkoo-kiosk --server URL --token TOKEN` (the token from `talkoo-central device "
            "add`): that works with no network, and the token is kept.");
}

}  // namespace

HandoverWritten export_handover(LocalStore& store, const std::filesystem::path& folder,
                                std::string_view device_token, const std::vector<std::string>& ids,
                                const std::function<void(double)>& progress) {
    require_token(device_token);
    std::optional<NetworkKey> key = store.network_key();
    if (!key)
        throw HandoverError(HandoverError::Code::no_key,
                            "This kiosk has no network key: it cannot have taken signups, and "
                            "there is nothing it could seal a handover to.");
    std::vector<OutboxEntry> entries = store.unacknowledged(ids);
    if (entries.empty())
        throw HandoverError(HandoverError::Code::nothing,
                            ids.empty() ? "Every signup on this kiosk is already safe at the "
                                          "centre: there is nothing to hand over."
                                        : "The chosen signups are already safe at the centre "
                                          "or no longer on this kiosk: nothing to hand over.");
    std::error_code ec;
    if (!std::filesystem::is_directory(folder, ec))
        throw HandoverError(
            HandoverError::Code::write_failed,
            "There is no folder " + folder.string() + ": is the stick in? Choose the drive again.");

    const MacKey mac_key = mac_key_for_token(device_token);
    HandoverHeader header;
    header.file_id = new_uuid_v7();
    header.device_id = store.device_id();
    header.created_ms = now_ms();
    header.network_key_id = seal::to_hex(seal::key_id(key->key));
    header.count = entries.size();
    header.app_version = TALKOO_VERSION;
    // Only the centre can open this and learn the key that checks the file (and signs its
    // receipt): a finder of the stick can neither read nor forge.
    header.device_proof = seal::seal(
        std::string_view(reinterpret_cast<const char*>(mac_key.data()), mac_key.size()), key->key);

    std::vector<SealedSignup> signups;
    signups.reserve(entries.size());
    for (const OutboxEntry& e : entries)
        signups.push_back({e.signup, e.sealed});
    auto scaled = [&](double from, double to) {
        return [&progress, from, to](double f) {
            if (progress) progress(from + (to - from) * f);
        };
    };
    std::filesystem::path file = write_handover(folder, header, signups, mac_key, scaled(0, 0.8));

    // Read back what the stick now holds: a faulty stick or a pull right after the rename must
    // not be reported as done.
    auto fail_verify = [&](const std::string& why) -> HandoverError {
        std::filesystem::remove(file, ec);
        return HandoverError(HandoverError::Code::altered,
                             "The handover file did not read back as written (" + why +
                                 "): the stick may be faulty or was pulled out. Nothing was "
                                 "marked as handed over; try again, or use another stick.");
    };
    HandoverContents back;
    try {
        back = read_handover(file);
    } catch (const HandoverError& e) {
        throw fail_verify(e.what());
    }
    if (!mac_matches(back.signed_bytes, back.mac_hex, mac_key)) throw fail_verify("its check");
    if (back.header.file_id != header.file_id || back.signups.size() != signups.size())
        throw fail_verify("its header");
    for (size_t i = 0; i < signups.size(); ++i) {
        const nlohmann::json& j = back.signups[i];
        auto id = j.find("id");
        auto sealed = j.find("sealed");
        if (id == j.end() || *id != signups[i].signup.id || sealed == j.end() ||
            *sealed != seal::to_base64url(signups[i].sealed))
            throw fail_verify("signup " + std::to_string(i + 1));
        if (progress && (i % 256 == 0 || i + 1 == signups.size()))
            progress(0.8 + 0.2 * static_cast<double>(i + 1) / signups.size());
    }
    std::vector<std::string> written;
    written.reserve(signups.size());
    for (const SealedSignup& s : signups)
        written.push_back(s.signup.id);
    store.mark_handed_over(written, now_ms());
    HandoverWritten out;
    out.file = file;
    out.signups = static_cast<int>(signups.size());
    out.bytes = static_cast<int64_t>(std::filesystem::file_size(file, ec));
    return out;
}

ReceiptTaken take_receipt(LocalStore& store, const std::filesystem::path& file,
                          std::string_view device_token, int64_t keep_personal_ms) {
    require_token(device_token);
    ReceiptContents c = read_receipt(file);
    const std::string name = file.filename().string();
    const std::string me = store.device_id();
    if (c.receipt.device_id != me)
        throw HandoverError(HandoverError::Code::wrong_device,
                            name + " is the receipt for another kiosk (device " +
                                c.receipt.device_id.substr(0, 8) + "…), not this one (" +
                                me.substr(0, 8) +
                                "…): nothing was changed. Take it to that kiosk.");
    if (!mac_matches(c.signed_bytes, c.mac_hex, mac_key_for_token(device_token)))
        throw HandoverError(HandoverError::Code::altered,
                            name +
                                " does not carry the centre's check for this kiosk: it was "
                                "changed, or made for this kiosk's earlier device token. "
                                "Nothing was changed; import the handover file again at the "
                                "centre for a new receipt.");
    ReceiptTaken taken;
    taken.handover_file = c.receipt.handover_file;
    std::vector<std::string> delivered;
    for (const wire::SignupResult& r : c.receipt.results) {
        std::optional<OutboxEntry> e = store.outbox_entry(r.id);
        if (!e || e->state == OutboxState::acknowledged) {
            taken.already++;
            continue;
        }
        if (r.result == wire::SignupResultKind::stored ||
            r.result == wire::SignupResultKind::duplicate) {
            delivered.push_back(r.id);
        } else if (e->state != OutboxState::needs_attention) {
            store.mark_needs_attention(r.id, wire::attention_reason(r));
            taken.needs_attention++;
        } else {
            taken.already++;
        }
    }
    store.mark_acknowledged(delivered, now_ms());
    taken.acknowledged = static_cast<int>(delivered.size());
    taken.erased = store.erase_acknowledged_personal_data(now_ms() + 1 - keep_personal_ms);
    return taken;
}

std::vector<std::filesystem::path> receipts_in(const std::filesystem::path& folder) {
    std::vector<std::filesystem::path> found;
    std::error_code ec;
    for (std::filesystem::directory_iterator it(folder, ec), end; !ec && it != end;
         it.increment(ec)) {
        std::string name = it->path().filename().string();
        if (name.starts_with(kReceiptPrefix) && name.ends_with(".json") && it->is_regular_file(ec))
            found.push_back(it->path());
    }
    std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
        return a.filename().string() > b.filename().string();
    });
    return found;
}

}  // namespace talkoo::handover
