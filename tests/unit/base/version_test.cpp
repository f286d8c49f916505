// The version comes from the CMake project version.
#include "base/version.h"

#include <gtest/gtest.h>

namespace ptmc {
namespace {

TEST(version, matches_project_version) { EXPECT_EQ(version(), PTMC_EXPECTED_VERSION); }

}  // namespace
}  // namespace ptmc
