// Atomic file writes: content lands whole or not at all, and no temporary file stays behind.
#include "report/atomic_file.h"

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
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
  EXPECT_EQ(error, target.string() + ": error: is a directory, not a regular file: refusing to replace it");
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

// A FIFO in the way stays a FIFO: writing would have replaced it with a regular file (and a reader of the
// FIFO would never have seen the report).
TEST_F(atomic_file, a_fifo_is_refused_and_kept) {
  const fs::path target = dir_ / "report.json";
  ASSERT_EQ(::mkfifo(target.c_str(), 0600), 0);
  std::string error;
  EXPECT_FALSE(write_file_atomically(target, "{}\n", &error));
  EXPECT_EQ(error, target.string() + ": error: is a FIFO, not a regular file: refusing to replace it");
  EXPECT_TRUE(fs::is_fifo(fs::symlink_status(target)));
  EXPECT_EQ(entries(dir_), std::vector<std::string>{"report.json"});
}

// A symbolic link is neither followed (its target keeps its content) nor replaced (it stays a link).
TEST_F(atomic_file, a_symlink_is_refused_and_neither_it_nor_its_target_changes) {
  const fs::path real = dir_ / "real.json";
  const fs::path link = dir_ / "report.json";
  put(real, "mine\n");
  fs::create_symlink(real, link);
  std::string error;
  EXPECT_FALSE(write_file_atomically(link, "{}\n", &error));
  EXPECT_EQ(error, link.string() + ": error: is a symbolic link, not a regular file: refusing to replace it");
  EXPECT_TRUE(fs::is_symlink(link));
  EXPECT_EQ(fs::read_symlink(link), real);
  EXPECT_EQ(contents(real), "mine\n");

  const fs::path dangling = dir_ / "dangling.json";
  fs::create_symlink(dir_ / "nowhere", dangling);
  EXPECT_FALSE(write_file_atomically(dangling, "{}\n", &error));
  EXPECT_TRUE(fs::is_symlink(dangling));
  EXPECT_FALSE(fs::exists(dir_ / "nowhere"));
}

// Devices are judged without writing to them (as root, a write would have replaced /dev/null).
TEST_F(atomic_file, devices_are_refused_and_regular_or_missing_files_are_not) {
  EXPECT_EQ(replace_refusal("/dev/null"),
            "is a character device, not a regular file: refusing to replace it");
  EXPECT_EQ(replace_refusal(dir_), "is a directory, not a regular file: refusing to replace it");
  EXPECT_EQ(replace_refusal(dir_ / "missing.json"), "");
  put(dir_ / "plain.json", "old\n");
  EXPECT_EQ(replace_refusal(dir_ / "plain.json"), "");
}

// A fatal signal in the middle of a write removes the temporary file. The child process writes past a
// small file size limit; the kernel's SIGXFSZ then raises SIGTERM half way through the write, exactly as
// a user's kill would arrive. The child must die of SIGTERM, leaving only the old file behind.
TEST_F(atomic_file, sigterm_during_a_write_removes_the_temporary_file) {
  const fs::path target = dir_ / "trace.itf.json";
  put(target, "old\n");
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    std::signal(SIGXFSZ, [](int) { std::raise(SIGTERM); });
    rlimit small{};
    ::getrlimit(RLIMIT_FSIZE, &small);
    small.rlim_cur = 4096;
    ::setrlimit(RLIMIT_FSIZE, &small);
    write_file_atomically(target, std::string(1 << 20, 'x'), nullptr);
    ::_exit(0);  // not reached when the signal works as it should
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFSIGNALED(status)) << "child exited with status " << WEXITSTATUS(status);
  EXPECT_EQ(WTERMSIG(status), SIGTERM);
  EXPECT_EQ(entries(dir_), std::vector<std::string>{"trace.itf.json"});
  EXPECT_EQ(contents(target), "old\n");
}

// An ignored signal stays ignored: the handler is only installed over the default disposition.
TEST_F(atomic_file, an_ignored_sigint_stays_ignored) {
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    std::signal(SIGINT, SIG_IGN);
    const bool written = write_file_atomically(dir_ / "a.json", "{}\n", nullptr);
    std::raise(SIGINT);
    ::_exit(written ? 0 : 1);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

}  // namespace
}  // namespace ptmc::report
