// See sdl_audio.hpp.
#include "platform/sdl_audio.hpp"

#include <SDL.h>

namespace talkoo::platform {

std::shared_ptr<SdlAudioOutput> SdlAudioOutput::open(int sample_rate, std::string& why_not) {
    if (SDL_InitSubSystem(SDL_INIT_AUDIO) != 0) {
        why_not = SDL_GetError();
        return nullptr;
    }
    SDL_AudioSpec want{};
    want.freq = sample_rate;
    want.format = AUDIO_S16SYS;
    want.channels = 1;
    want.samples = 2048;
    want.callback = nullptr;  // queue mode: SDL_QueueAudio from the synthesiser's thread
    SDL_AudioSpec have{};
    SDL_AudioDeviceID device = SDL_OpenAudioDevice(nullptr, 0, &want, &have, 0);
    if (device == 0) {
        why_not = SDL_GetError();
        SDL_QuitSubSystem(SDL_INIT_AUDIO);
        return nullptr;
    }
    SDL_PauseAudioDevice(device, 0);
    return std::shared_ptr<SdlAudioOutput>(new SdlAudioOutput(device));
}

SdlAudioOutput::~SdlAudioOutput() {
    SDL_CloseAudioDevice(device_);
    SDL_QuitSubSystem(SDL_INIT_AUDIO);
}

void SdlAudioOutput::play(const int16_t* samples, size_t count) {
    SDL_QueueAudio(device_, samples, static_cast<Uint32>(count * sizeof(int16_t)));
}

void SdlAudioOutput::clear() {
    SDL_ClearQueuedAudio(device_);
}

bool SdlAudioOutput::playing() const {
    return SDL_GetQueuedAudioSize(device_) > 0;
}

}  // namespace talkoo::platform
