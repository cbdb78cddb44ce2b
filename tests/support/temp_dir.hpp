// A fresh directory under $TMPDIR for one test, removed with everything in it when the test ends.
// Tests use real files (see DEVELOPERS.md): this is where they live.
#pragma once

#include <filesystem>
#include <string>

namespace talkoo::test {

class TempDir {
  public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const std::filesystem::path& path() const { return path_; }
    std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

  private:
    std::filesystem::path path_;
};

}  // namespace talkoo::test
