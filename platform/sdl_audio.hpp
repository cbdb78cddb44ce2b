// The kiosk's loudspeaker for speech: an SDL audio device in queue mode, 16-bit mono at the
// synthesiser's rate. open() returns null (and why, for the log) where there is no audio
// device: a kiosk without one shows no "Listen" button.
#pragma once

#include <memory>
#include <string>

#include "platform/speaker.hpp"

namespace talkoo::platform {

class SdlAudioOutput : public PcmOutput {
  public:
    static std::shared_ptr<SdlAudioOutput> open(int sample_rate, std::string& why_not);
    ~SdlAudioOutput() override;
    void play(const int16_t* samples, size_t count) override;
    void clear() override;
    bool playing() const override;

  private:
    explicit SdlAudioOutput(unsigned device) : device_(device) {}
    unsigned device_ = 0;
};

}  // namespace talkoo::platform
