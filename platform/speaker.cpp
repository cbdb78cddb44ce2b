// See speaker.hpp.
#include "platform/speaker.hpp"

#include <espeak-ng/speak_lib.h>

#include <stdexcept>

namespace talkoo::platform {
namespace {

// espeak-ng calls back with each chunk; the chunk's destination and the stop flag travel in the
// synthesis's user data.
struct Job {
    PcmOutput* output;
    const std::atomic<bool>* cancel;
};

int on_samples(short* wav, int count, espeak_EVENT* events) {
    const Job* job = events ? static_cast<const Job*>(events->user_data) : nullptr;
    if (!job) return 0;
    if (job->cancel->load()) return 1;  // 1 = abort the synthesis
    if (wav && count > 0) job->output->play(wav, static_cast<size_t>(count));
    return job->cancel->load() ? 1 : 0;
}

std::atomic<bool> g_open{false};

// espeak-ng is initialised once per process and never terminated: initialising it again after
// espeak_Terminate() hangs in 1.51, and its data stays useful for the next Speaker anyway.
// Returns the sample rate, or a message saying what is missing.
struct Library {
    int sample_rate = 0;
    std::string problem;
};

const Library& library() {
    static const Library lib = [] {
        Library l;
        // Synchronous: espeak_Synth returns when the text is done (on the caller's thread),
        // handing samples to on_samples as it goes. DONT_EXIT: a missing voice is an error.
        l.sample_rate =
            espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 200, nullptr, espeakINITIALIZE_DONT_EXIT);
        if (l.sample_rate <= 0) {
            l.problem =
                "Speech is not available: espeak-ng's data is missing (install "
                "espeak-ng-data; scripts/install-deps.sh does).";
            return l;
        }
        espeak_SetSynthCallback(on_samples);
        for (const char* voice : {"fi", "sv", "en"})
            if (espeak_SetVoiceByName(voice) != EE_OK && l.problem.empty())
                l.problem = std::string("Speech is not available: espeak-ng has no \"") + voice +
                            "\" voice (install espeak-ng-data).";
        return l;
    }();
    return lib;
}

}  // namespace

void PcmBuffer::play(const int16_t* samples, size_t count) {
    std::lock_guard lock(mutex_);
    samples_.insert(samples_.end(), samples, samples + count);
}

void PcmBuffer::clear() {
    std::lock_guard lock(mutex_);
    samples_.clear();
}

std::vector<int16_t> PcmBuffer::samples() const {
    std::lock_guard lock(mutex_);
    return samples_;
}

size_t PcmBuffer::size() const {
    std::lock_guard lock(mutex_);
    return samples_.size();
}

Speaker::Speaker(std::shared_ptr<PcmOutput> output) : output_(std::move(output)) {
    if (g_open.exchange(true))
        throw std::logic_error("espeak-ng is one instance per process: one Speaker at a time");
    const Library& lib = library();
    if (!lib.problem.empty()) {
        g_open = false;
        throw std::runtime_error(lib.problem);
    }
    sample_rate_ = lib.sample_rate;
    // A little slower than espeak-ng's 175 words a minute: visitors listen while they look.
    espeak_SetParameter(espeakRATE, 150, 0);
}

Speaker::~Speaker() {
    stop();
    g_open = false;
}

void Speaker::join() {
    if (thread_.joinable()) thread_.join();
}

void Speaker::say(std::string text, std::string_view lang) {
    stop();
    cancel_ = false;
    synthesising_ = true;
    std::string voice(lang == "sv" || lang == "en" ? lang : "fi");
    thread_ = std::thread([this, text = std::move(text), voice] {
        Job job{output_.get(), &cancel_};
        espeak_SetVoiceByName(voice.c_str());
        espeak_SetParameter(espeakRATE, 150, 0);
        espeak_Synth(text.c_str(), text.size() + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8, nullptr,
                     &job);
        synthesising_ = false;
    });
}

void Speaker::stop() {
    cancel_ = true;
    join();
    synthesising_ = false;
    output_->clear();
}

bool Speaker::speaking() const {
    return synthesising_ || output_->playing();
}

void Speaker::wait() {
    join();
}

}  // namespace talkoo::platform
