// Issue 18, point 7: the "Listen" button reads the task page and the form aloud with espeak-ng
// in the visitor's language, stops on navigation and on the idle reset, never reads what the
// visitor typed, and is not there on a kiosk that cannot speak. Speech is synthesised into a
// memory buffer: no audio device is needed.
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdlib>
#include <thread>

#include "app/speech_text.hpp"
#include "app_fixture.hpp"
#include "kiosk_driver.hpp"
#include "platform/speaker.hpp"
#include "support/child_process.hpp"
#include "support/temp_dir.hpp"

namespace talkoo::test {
namespace {

// Whether the samples hold sound, not silence.
bool audible(const std::vector<int16_t>& samples) {
    int loud = 0;
    for (int16_t s : samples)
        if (s > 1000 || s < -1000) ++loud;
    return loud > 100;
}

}  // namespace

TEST_CASE("speech is synthesised for each language and stops when asked") {
    auto buffer = std::make_shared<platform::PcmBuffer>();
    platform::Speaker speaker(buffer);
    CHECK(speaker.sample_rate() == 22050);
    for (auto [lang, text] : {std::pair{"fi", "Tule mukaan auttamaan lähellä kotia."},
                              std::pair{"sv", "Kom med och hjälp nära hemmet."},
                              std::pair{"en", "Come and help close to home."}}) {
        INFO(lang);
        buffer->clear();
        speaker.say(text, lang);
        speaker.wait();
        std::vector<int16_t> samples = buffer->samples();
        // About two seconds of speech at 22 050 samples a second.
        CHECK(samples.size() > 22050);
        CHECK(samples.size() < 22050 * 10);
        CHECK(audible(samples));
    }
    // A long text, stopped early: the synthesis ends and nothing more is added.
    buffer->clear();
    std::string long_text;
    for (int i = 0; i < 200; ++i)
        long_text += "Vapaaehtoistyö on hyvää tekemistä yhdessä muiden kanssa. ";
    speaker.say(long_text, "fi");
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    speaker.stop();
    CHECK_FALSE(speaker.speaking());
    size_t after_stop = buffer->size();
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    CHECK(buffer->size() == after_stop);
    CHECK(after_stop == 0);  // stop() also empties what was waiting to be played
}

TEST_CASE("Listen reads the task page, and stops on navigation and on the idle reset") {
    TempDir dir;
    seed_fixture(dir / "store.db");
    auto buffer = std::make_shared<platform::PcmBuffer>();
    platform::Speaker speaker(buffer);
    KioskConfig config = fixture_config();
    KioskDriver k(dir / "store.db", landscape(), config);
    k.app().set_speech(&speaker);
    k.tap("attract.start");
    k.tap("card.dogs");
    REQUIRE(k.has("task.listen"));
    k.tap("task.listen");
    CHECK(k.app().data().speaking);
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    CHECK(buffer->size() > 0);
    k.tap("back");  // navigation stops it
    CHECK_FALSE(speaker.speaking());
    CHECK(buffer->size() == 0);

    k.tap("card.dogs");
    k.tap("task.interested");
    REQUIRE(k.has("form.listen"));
    k.tap("form.listen");
    CHECK(speaker.speaking());
    k.wait(config.idle_seconds + config.countdown_seconds + 2);  // the idle reset stops it
    REQUIRE(k.state().screen == Screen::attract);
    CHECK_FALSE(speaker.speaking());
    k.app().set_speech(nullptr);
}

TEST_CASE("the form is read from its labels, never from what the visitor typed") {
    FormState form;
    form.name = "Maija Meikäläinen";
    form.phone = "0401234567";
    form.email = "maija@example.fi";
    form.message = "Olen vapaa viikonloppuisin";
    form.errors.push_back({"phone", "invalid_phone", "Phone number: ..."});
    for (Lang lang : kAllLangs) {
        std::string text = form_speech(translations(), lang, form, {});
        CHECK(text.find("Maija") == std::string::npos);
        CHECK(text.find("0401234567") == std::string::npos);
        CHECK(text.find("maija@") == std::string::npos);
        CHECK(text.find("viikonloppuisin") == std::string::npos);
        CHECK(text.find(translations().get(lang, "form.field.name")) != std::string::npos);
        CHECK(text.find(translations().get(lang, "form.error.invalid_phone")) != std::string::npos);
    }
}

TEST_CASE("a kiosk that cannot speak shows no Listen button") {
    TempDir dir;
    seed_fixture(dir / "store.db");
    KioskDriver k(dir / "store.db", landscape(), fixture_config());  // no speech given
    k.tap("attract.start");
    k.tap("card.dogs");
    CHECK_FALSE(k.has("task.listen"));
    k.tap("task.interested");
    CHECK_FALSE(k.has("form.listen"));
    // The real kiosk with no audio device says so and goes on without the button.
    seed_fixture(dir / "data" / "talkoo.db");
    ProcessOutput r =
        run_process({TALKOO_KIOSK_BIN, "--data-dir", (dir / "data").string(), "--headless",
                     "--windowed", "--size", "1280x800", "--exit-after-frames", "2"},
                    {{"SDL_AUDIODRIVER", "no-such-device"}});
    INFO(r.output);
    CHECK(r.exit_code == 0);
    CHECK(r.output.find("no audio device") != std::string::npos);
}

}  // namespace talkoo::test
