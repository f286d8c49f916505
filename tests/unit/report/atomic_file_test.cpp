// Atomic file writes: content lands whole or not at all, and no temporary file stays behind.
#include "report/atomic_file.h"

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace ptmc::report {
namespace {

namespace fs = std::filesystem;

class atomic_file : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("ptmc-atomic-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ec;
    fs::permissions(dir_, fs::perms::owner_all, fs::perm_options::add, ec);
    fs::remove_all(dir_, ec);
  }

  static std::string contents(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
  }
  static void put(const fs::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
  }
  // The names of the entries in a directory, sorted.
  static std::vector<std::string> entries(const fs::path& dir) {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(dir)) names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
  }

  fs::path dir_;
};

TEST_F(atomic_file, creates_a_file_and_its_missing_parent_directories) {
  const fs::path target = dir_ / "a" / "b" / "trace.itf.json";
  std::string error;
  ASSERT_TRUE(write_file_atomically(target, "{}\n", &error)) << error;
  EXPECT_EQ(contents(target), "{}\n");
  EXPECT_EQ(entries(target.parent_path()), std::vector<std::string>{"trace.itf.json"});
}

TEST_F(atomic_file, replaces_an_existing_file) {
  const fs::path target = dir_ / "trace.itf.json";
  put(target, "old content, longer than the new one\n");
  std::string error;
  ASSERT_TRUE(write_file_atomically(target, "new\n", &error)) << error;
  EXPECT_EQ(contents(target), "new\n");
  EXPECT_EQ(entries(dir_), std::vector<std::string>{"trace.itf.json"});
}

TEST_F(atomic_file, writes_empty_and_binary_content) {
  const fs::path target = dir_ / "f";
  const std::string binary("a\0b\xff", 4);
  ASSERT_TRUE(write_file_atomically(target, binary, nullptr));
  EXPECT_EQ(contents(target), binary);
  ASSERT_TRUE(write_file_atomically(target, "", nullptr));
  EXPECT_EQ(contents(target), "");
}

TEST_F(atomic_file, new_files_get_the_usual_permissions) {
  const fs::path target = dir_ / "f";
  const mode_t old_mask = ::umask(022);
  ASSERT_TRUE(write_file_atomically(target, "x", nullptr));
  ::umask(old_mask);
  EXPECT_EQ(fs::status(target).permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read | fs::perms::others_read);
}

// A write that fails half way (the file size limit, which holds even for root) keeps the old file.
TEST_F(atomic_file, a_failed_write_keeps_the_old_content_and_leaves_no_temporary_file) {
  const fs::path target = dir_ / "trace.itf.json";
  put(target, "old\n");
  rlimit old_limit{};
  ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &old_limit), 0);
  const auto old_handler = std::signal(SIGXFSZ, SIG_IGN);
  rlimit small = old_limit;
  small.rlim_cur = 4096;
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &small), 0);
  std::string error;
  const bool written = write_file_atomically(target, std::string(1 << 20, 'x'), &error);
  ::setrlimit(RLIMIT_FSIZE, &old_limit);
  std::signal(SIGXFSZ, old_handler);

  EXPECT_FALSE(written);
  EXPECT_EQ(error.rfind(target.string() + ": error: cannot write", 0), 0U) << error;
  EXPECT_EQ(contents(target), "old\n");
  EXPECT_EQ(entries(dir_), std::vector<std::string>{"trace.itf.json"});
}

TEST_F(atomic_file, an_unwritable_directory_keeps_the_old_content) {
  const fs::path target = dir_ / "trace.itf.json";
  put(target, "old\n");
  fs::permissions(dir_, fs::perms::owner_read | fs::perms::owner_exec);
  if (::access(dir_.c_str(), W_OK) == 0) GTEST_SKIP() << "running with privileges that ignore permissions";
  std::string error;
  EXPECT_FALSE(write_file_atomically(target, "new\n", &error));
  EXPECT_NE(error.find("cannot create a temporary file"), std::string::npos) << error;
  EXPECT_EQ(contents(target), "old\n");
  EXPECT_EQ(entries(dir_), std::vector<std::string>{"trace.itf.json"});
}

TEST_F(atomic_file, a_directory_in_the_way_is_an_error) {
  const fs::path target = dir_ / "out";
  fs::create_directories(target / "inside");
  std::string error;
  EXPECT_FALSE(write_file_atomically(target, "x", &error));
  EXPECT_NE(error.find("cannot rename into place"), std::string::npos) << error;
  EXPECT_TRUE(fs::is_directory(target / "inside"));
  EXPECT_EQ(entries(dir_), std::vector<std::string>{"out"});
}

TEST_F(atomic_file, a_file_where_a_parent_directory_should_be_is_an_error) {
  put(dir_ / "plain", "old\n");
  std::string error;
  EXPECT_FALSE(write_file_atomically(dir_ / "plain" / "trace.itf.json", "x", &error));
  EXPECT_NE(error.find("cannot create directory"), std::string::npos) << error;
  EXPECT_EQ(contents(dir_ / "plain"), "old\n");
}

TEST_F(atomic_file, a_path_without_a_file_name_is_an_error) {
  std::string error;
  EXPECT_FALSE(write_file_atomically(dir_ / "sub" / "", "x", &error));
  EXPECT_NE(error.find("not a file name"), std::string::npos) << error;
}

}  // namespace
}  // namespace ptmc::report
