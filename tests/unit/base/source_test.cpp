// Source files: line and column lookup, line text, spans and loading from disk.
#include "base/source.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

namespace ptmc {
namespace {

TEST(source_file, lines_and_columns) {
  source_file file("f", "ab\ncd\n\nxyz");
  EXPECT_EQ(file.line_count(), 4u);
  EXPECT_EQ(file.line_of(0), 1u);
  EXPECT_EQ(file.column_of(0), 1u);
  EXPECT_EQ(file.line_of(1), 1u);
  EXPECT_EQ(file.column_of(1), 2u);
  EXPECT_EQ(file.line_of(2), 1u);  // the newline belongs to its line
  EXPECT_EQ(file.column_of(2), 3u);
  EXPECT_EQ(file.line_of(3), 2u);
  EXPECT_EQ(file.column_of(3), 1u);
  EXPECT_EQ(file.line_of(6), 3u);
  EXPECT_EQ(file.line_of(7), 4u);
  EXPECT_EQ(file.column_of(9), 3u);
  EXPECT_EQ(file.line_text(1), "ab");
  EXPECT_EQ(file.line_text(2), "cd");
  EXPECT_EQ(file.line_text(3), "");
  EXPECT_EQ(file.line_text(4), "xyz");
}

TEST(source_file, end_of_file_without_newline) {
  source_file file("f", "ab\ncd");
  EXPECT_EQ(file.line_count(), 2u);
  EXPECT_EQ(file.line_of(5), 2u);
  EXPECT_EQ(file.column_of(5), 3u);
}

TEST(source_file, end_of_file_after_newline_is_end_of_last_line) {
  source_file file("f", "ab\ncd\n");
  EXPECT_EQ(file.line_count(), 2u);
  EXPECT_EQ(file.line_of(6), 2u);
  EXPECT_EQ(file.column_of(6), 3u);
}

TEST(source_file, offsets_past_the_end_clamp) {
  source_file file("f", "ab");
  EXPECT_EQ(file.line_of(100), 1u);
  EXPECT_EQ(file.column_of(100), 3u);
  EXPECT_EQ(file.line_of(UINT32_MAX), 1u);
}

TEST(source_file, empty_file) {
  source_file file("f", "");
  EXPECT_EQ(file.line_count(), 1u);
  EXPECT_EQ(file.line_of(0), 1u);
  EXPECT_EQ(file.column_of(0), 1u);
  EXPECT_EQ(file.line_text(1), "");
}

TEST(source_file, line_text_out_of_range_is_empty) {
  source_file file("f", "a\nb\n");
  EXPECT_EQ(file.line_text(0), "");
  EXPECT_EQ(file.line_text(3), "");
}

TEST(source_file, crlf_line_text_drops_carriage_return) {
  source_file file("f", "a\r\nb\r\n");
  EXPECT_EQ(file.line_text(1), "a");
  EXPECT_EQ(file.line_text(2), "b");
  EXPECT_EQ(file.line_of(3), 2u);
}

TEST(span, location_and_validity) {
  source_file file("spec/x.ptm", "one\ntwo\n");
  span s{&file, 5, 2};
  EXPECT_TRUE(s.valid());
  EXPECT_EQ(s.line(), 2u);
  EXPECT_EQ(s.column(), 2u);
  EXPECT_EQ(s.location(), "spec/x.ptm:2:2");
  span nowhere;
  EXPECT_FALSE(nowhere.valid());
  EXPECT_EQ(nowhere.line(), 0u);
  EXPECT_EQ(nowhere.column(), 0u);
  EXPECT_EQ(nowhere.location(), "<unknown>");
}

TEST(span, to_covers_both) {
  source_file file("f", "0123456789");
  span a{&file, 2, 3};
  span b{&file, 6, 2};
  span ab = a.to(b);
  EXPECT_EQ(ab.offset, 2u);
  EXPECT_EQ(ab.length, 6u);
  span ba = b.to(a);
  EXPECT_EQ(ba.offset, 2u);
  EXPECT_EQ(ba.length, 6u);
  span inner{&file, 3, 1};
  EXPECT_EQ(a.to(inner).length, 3u);
}

TEST(span, to_across_files_or_from_nowhere_keeps_the_first) {
  source_file f("f", "abc");
  source_file g("g", "abc");
  span a{&f, 1, 1};
  span b{&g, 0, 3};
  EXPECT_EQ(a.to(b).file, &f);
  EXPECT_EQ(a.to(b).length, 1u);
  EXPECT_FALSE(span{}.to(a).valid());
}

TEST(source_manager, add_keeps_files_alive_at_stable_addresses) {
  source_manager sources;
  const source_file* first = sources.add("a", "x");
  for (int i = 0; i < 100; ++i) sources.add("more", "y");
  EXPECT_EQ(first->path(), "a");
  EXPECT_EQ(first->text(), "x");
}

TEST(source_manager, load_reads_a_file) {
  const auto path = std::filesystem::temp_directory_path() / "ptmc_source_test_load.ptm";
  {
    std::ofstream out(path, std::ios::binary);
    out << "model \"x\";\n";
  }
  source_manager sources;
  std::string error;
  const source_file* file = sources.load(path.string(), &error);
  ASSERT_NE(file, nullptr) << error;
  EXPECT_EQ(file->text(), "model \"x\";\n");
  EXPECT_EQ(file->path(), path.string());
  std::filesystem::remove(path);
}

TEST(source_manager, load_reports_missing_files_and_directories) {
  source_manager sources;
  std::string error;
  EXPECT_EQ(sources.load("/nonexistent/ptmc/file.ptm", &error), nullptr);
  EXPECT_NE(error.find("cannot read '/nonexistent/ptmc/file.ptm'"), std::string::npos) << error;
  EXPECT_EQ(sources.load(std::filesystem::temp_directory_path().string(), &error), nullptr);
  EXPECT_NE(error.find("is a directory"), std::string::npos) << error;
  EXPECT_EQ(sources.load("/nonexistent", nullptr), nullptr);
}

// Special files are refused instead of read: a FIFO would block forever (nobody writes to it), a device such
// as /dev/zero would be read until memory runs out. Each runs in its own scratch directory.
class source_loading : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("ptmc-source-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  std::filesystem::path dir_;
};

TEST_F(source_loading, a_fifo_is_refused_without_blocking) {
  const std::filesystem::path fifo = dir_ / "model.ptm";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  source_manager sources;
  std::string error;
  EXPECT_EQ(sources.load(fifo.string(), &error), nullptr);
  EXPECT_EQ(error, "cannot read '" + fifo.string() + "': is a FIFO, not a regular file");
}

TEST_F(source_loading, a_symlink_to_a_device_is_refused) {
  const std::filesystem::path link = dir_ / "model.ptm";
  std::filesystem::create_symlink("/dev/zero", link);
  source_manager sources;
  std::string error;
  EXPECT_EQ(sources.load(link.string(), &error), nullptr);
  EXPECT_EQ(error, "cannot read '" + link.string() + "': is a character device, not a regular file");
}

TEST_F(source_loading, a_symlink_to_a_regular_file_is_read) {
  {
    std::ofstream out(dir_ / "real.ptm");
    out << "model \"real\";\n";
  }
  std::filesystem::create_symlink(dir_ / "real.ptm", dir_ / "link.ptm");
  source_manager sources;
  std::string error;
  const source_file* file = sources.load((dir_ / "link.ptm").string(), &error);
  ASSERT_NE(file, nullptr) << error;
  EXPECT_EQ(file->text(), "model \"real\";\n");
}

TEST_F(source_loading, a_file_over_the_size_cap_is_an_error) {
  const std::filesystem::path big = dir_ / "big.ptm";
  { std::ofstream out(big); }
  std::filesystem::resize_file(big, max_source_bytes + 1);  // sparse: costs no disk
  source_manager sources;
  std::string error;
  EXPECT_EQ(sources.load(big.string(), &error), nullptr);
  EXPECT_EQ(error, "cannot read '" + big.string() + "': is larger than 16 MiB");

  std::filesystem::resize_file(big, max_source_bytes);
  std::string text;
  std::string reason;
  EXPECT_TRUE(read_regular_file(big.string(), max_source_bytes, &text, &reason)) << reason;
  EXPECT_EQ(text.size(), max_source_bytes);
  EXPECT_FALSE(read_regular_file(big.string(), 1000, &text, &reason));
  EXPECT_EQ(reason, "is larger than 1000 bytes");
}

}  // namespace
}  // namespace ptmc
