// Speech: reading a screen's text aloud for visitors who read with difficulty (issue 18,
// point 7). The app sees only this small interface: a build or a kiosk that cannot speak (the
// browser build, a kiosk with no audio device) hands the app none, and the "Listen" button is
// not shown.
//
//   Speaker (speaker.hpp)       espeak-ng on a thread of its own, into a PcmOutput
//   SdlAudioOutput (sdl_audio)  the kiosk's loudspeaker, through SDL's audio queue
//   PcmBuffer (speaker.hpp)     samples kept in memory: tests, and no device needed
#pragma once

#include <string>
#include <string_view>

namespace talkoo::platform {

class Speech {
  public:
    virtual ~Speech() = default;
    // Starts reading `text` in the language `lang` ("fi", "sv", "en"), stopping what was being
    // read. Returns at once; the reading goes on in the background.
    virtual void say(std::string text, std::string_view lang) = 0;
    // Stops reading now (navigation, the idle reset, the visitor's "Stop").
    virtual void stop() = 0;
    // Whether something is still being read or played.
    virtual bool speaking() const = 0;
};

}  // namespace talkoo::platform
