// See handover_import.hpp.
#include "server/handover_import.hpp"

#include "core/durable_file.hpp"
#include "core/seal.hpp"
#include "server/signup_intake.hpp"

namespace talkoo::central {

using handover::HandoverError;

HandoverImport import_handover_file(const std::filesystem::path& file, CentralStore& store,
                                    SignupVault& vault, KeyRingFile& keys, int64_t now_ms) {
    const std::string name = file.filename().string();
    handover::HandoverContents contents = handover::read_handover(file);

    // Whose file is it? Only this network's key ring opens the proof.
    std::string key;
    try {
        key = seal::open(contents.header.device_proof, *keys.ring());
    } catch (const seal::SealError& e) {
        if (e.code == seal::SealError::Code::unknown_key) {
            try {
                key = seal::open(contents.header.device_proof, *keys.reread());
            } catch (const seal::SealError&) {
            }
        }
        if (key.empty()) {
            if (e.code == seal::SealError::Code::unknown_key)
                throw HandoverError(HandoverError::Code::foreign,
                                    name +
                                        " was sealed to a network key this centre does not "
                                        "hold (key " +
                                        contents.header.network_key_id +
                                        "): it comes from another network's kiosk, or from a key "
                                        "this centre lost. Nothing was imported.");
            throw HandoverError(HandoverError::Code::altered,
                                name + " was changed after it was written (its device proof " +
                                    "does not open: " + e.what() + "). Nothing was imported.");
        }
    }
    handover::MacKey mac_key{};
    if (key.size() != mac_key.size())
        throw HandoverError(HandoverError::Code::altered,
                            name +
                                " was changed after it was written (its device proof is "
                                "malformed). Nothing was imported.");
    std::copy(key.begin(), key.end(), mac_key.begin());
    seal::wipe(key);
    std::optional<DeviceRecord> device = store.device_by_token(mac_key);
    if (!device)
        throw HandoverError(HandoverError::Code::foreign,
                            name +
                                " comes from a kiosk whose device token this centre never "
                                "issued (or a device since deleted). Nothing was imported: "
                                "check `talkoo-central device list`.");
    if (device->revoked_ms != 0)
        throw HandoverError(HandoverError::Code::foreign,
                            name + " comes from device " + device->id + " (\"" + device->name +
                                "\"), which was revoked; the centre takes nothing from it, by "
                                "sync or by stick. Nothing was imported.");
    if (!handover::mac_matches(contents.signed_bytes, contents.mac_hex, mac_key))
        throw HandoverError(HandoverError::Code::altered,
                            name +
                                " was changed after the kiosk wrote it (its check does not "
                                "match): it cannot be trusted. Nothing was imported; write it "
                                "again from the kiosk.");

    std::vector<const nlohmann::json*> items;
    items.reserve(contents.signups.size());
    for (const nlohmann::json& j : contents.signups)
        items.push_back(&j);
    // A handover file comes only from a kiosk that seals (0.3.0 and later): no plain form.
    SignupIntake intake = take_signups(items, *device, false, vault, now_ms);

    HandoverImport out;
    out.file = file;
    out.device = *device;
    out.handed_over_ms = contents.header.created_ms;
    out.results = std::move(intake.results);
    out.counts = {{"stored", 0}, {"duplicate", 0}, {"conflict", 0}, {"rejected", 0}};
    for (const wire::SignupResult& r : out.results)
        ++out.counts[std::string(wire::to_string(r.result))];

    handover::Receipt receipt;
    receipt.device_id = contents.header.device_id;
    receipt.file_id = contents.header.file_id;
    receipt.handover_file = name;
    receipt.imported_ms = now_ms;
    receipt.results = out.results;
    std::filesystem::path receipt_file = handover::receipt_path_for(file);
    try {
        write_file_durably(receipt_file, handover::receipt_bytes(receipt, mac_key));
        out.receipt = receipt_file;
    } catch (const FileWriteError& e) {
        out.receipt_problem = e.what();
    }
    return out;
}

}  // namespace talkoo::central
