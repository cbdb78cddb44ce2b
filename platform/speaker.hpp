// Speaker: the Speech of the kiosk. espeak-ng (Debian's libespeak-ng, voices from
// espeak-ng-data) turns text into 16-bit mono samples on a thread of the Speaker's own, chunk by
// chunk, into a PcmOutput; stop() ends the synthesis at its next chunk and empties the output.
// espeak-ng is one library-wide instance (initialised once, kept for the process's life), so
// there is at most one Speaker at a time.
//
// No SDL here: the loudspeaker is one PcmOutput (sdl_audio.hpp), a memory buffer another (tests
// synthesise into it with no audio device).
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "platform/speech.hpp"

namespace talkoo::platform {

// Where synthesised samples go.
class PcmOutput {
  public:
    virtual ~PcmOutput() = default;
    virtual void play(const int16_t* samples, size_t count) = 0;
    virtual void clear() = 0;          // drop what has not been played yet
    virtual bool playing() const = 0;  // samples are still waiting or sounding
};

// Samples kept in memory, "played" at once.
class PcmBuffer : public PcmOutput {
  public:
    void play(const int16_t* samples, size_t count) override;
    void clear() override;
    bool playing() const override { return false; }
    std::vector<int16_t> samples() const;
    size_t size() const;

  private:
    mutable std::mutex mutex_;
    std::vector<int16_t> samples_;
};

class Speaker : public Speech {
  public:
    // Loads espeak-ng and checks that the fi, sv and en voices are there. Throws
    // std::runtime_error saying which package to install when not.
    explicit Speaker(std::shared_ptr<PcmOutput> output);
    ~Speaker() override;
    Speaker(const Speaker&) = delete;
    Speaker& operator=(const Speaker&) = delete;

    // The rate of the samples it makes (espeak-ng's: 22 050 Hz).
    int sample_rate() const { return sample_rate_; }

    void say(std::string text, std::string_view lang) override;
    void stop() override;
    bool speaking() const override;
    // Waits until the current reading has been synthesised (tests).
    void wait();

  private:
    void join();

    std::shared_ptr<PcmOutput> output_;
    int sample_rate_ = 0;
    std::thread thread_;
    std::atomic<bool> cancel_{false};
    std::atomic<bool> synthesising_{false};
};

}  // namespace talkoo::platform
