// Whole files written durably (core/durable_file.hpp): the new file appears only complete, under
// its final name; a failed write (here a full drive, made with a file size limit in a child
// process) leaves neither the new file nor its temporary one, and keeps the old file whole.
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <iterator>

#include "core/durable_file.hpp"
#include "support/temp_dir.hpp"

using namespace talkoo;
using talkoo::test::TempDir;

namespace {

std::string file_bytes(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

TEST_CASE("a durable file appears whole under its name, with its mode, and replaces the old") {
    TempDir dir;
    const auto file = dir / "kiosk.conf";
    write_file_durably(file, "old\n");
    write_file_durably(file, "new contents\n", 0600);
    CHECK(file_bytes(file) == "new contents\n");
    CHECK((std::filesystem::status(file).permissions() & std::filesystem::perms::all) ==
          (std::filesystem::perms::owner_read | std::filesystem::perms::owner_write));
    CHECK_FALSE(std::filesystem::exists(dir / "kiosk.conf.partial"));
}

TEST_CASE("a write that is not committed leaves no file behind") {
    TempDir dir;
    {
        DurableFile f(dir / "handover.json");
        f.write("half of it");
        CHECK(std::filesystem::exists(f.temp_path()));
    }
    CHECK(std::filesystem::is_empty(dir.path()));
}

TEST_CASE("a full drive is said in words, leaves no partial file and keeps the old file") {
    TempDir dir;
    const auto file = dir / "handover.json";
    write_file_durably(file, "the old file\n");
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        // The file system says "too large" past 4 KiB: what a full stick looks like to write().
        ::signal(SIGXFSZ, SIG_IGN);
        rlimit limit{4096, 4096};
        ::setrlimit(RLIMIT_FSIZE, &limit);
        char code = 'x';
        try {
            write_file_durably(file, std::string(100'000, 'a'));
            code = 'o';
        } catch (const FileWriteError& e) {
            code = e.code == FileWriteError::Code::full ? 'f' : 'e';
            std::string_view what = e.what();
            if (what.find("full") == std::string_view::npos) code = 'm';
        }
        (void)!::write(fds[1], &code, 1);
        ::_exit(0);
    }
    ::close(fds[1]);
    char code = 0;
    (void)!::read(fds[0], &code, 1);
    ::close(fds[0]);
    int status = 0;
    ::waitpid(child, &status, 0);
    CHECK(code == 'f');
    CHECK(file_bytes(file) == "the old file\n");
    CHECK_FALSE(std::filesystem::exists(dir / "handover.json.partial"));
}

TEST_CASE("a folder that is not there is a clear error") {
    TempDir dir;
    try {
        write_file_durably(dir / "gone" / "f.json", "x");
        FAIL("no error");
    } catch (const FileWriteError& e) {
        CHECK(std::string(e.what()).find("gone") != std::string::npos);
    }
}
