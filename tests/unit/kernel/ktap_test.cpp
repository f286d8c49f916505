// KTAP version 1 text, checked against the format's grammar.
#include "kernel/ktap.h"

#include <gtest/gtest.h>

#include "ktap_grammar.h"

namespace ptmc::kernel {
namespace {

TEST(Ktap, OneTestPerScenarioWithSkipsAndDiagnostics) {
  std::vector<ktap_test> tests;
  tests.push_back({"pt_detach_stopped", true, "", {"scenario pt_detach_stopped\n  20  s0=STOPPED\n"}});
  tests.push_back({"m14_stopped_group_restops", false, "not bindable to the kernel: m14.ptl:24:24: error: #x", {}});
  tests.push_back({"m25 # odd\nname", false, "", {"", "MISS"}});
  const std::string text = to_ktap(tests);
  EXPECT_EQ(test::ktap_grammar_error(text), "") << text;
  EXPECT_EQ(text.substr(0, 20), "KTAP version 1\n1..3\n");
  EXPECT_NE(text.find("\n# scenario pt_detach_stopped\n#   20  s0=STOPPED\nok 1 pt_detach_stopped\n"), std::string::npos)
      << text;
  EXPECT_NE(text.find("\nok 2 m14_stopped_group_restops # SKIP not bindable to the kernel: m14.ptl:24:24: error: _x\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("\n#\n# MISS\nnot ok 3 m25 _ odd name\n"), std::string::npos) << text;
}

TEST(Ktap, EmptyRunIsAValidDocument) { EXPECT_EQ(test::ktap_grammar_error(to_ktap({})), ""); }

TEST(KtapGrammar, RejectsWhatIsNotKtap) {
  EXPECT_NE(test::ktap_grammar_error("TAP version 13\n1..0\n"), "");
  EXPECT_NE(test::ktap_grammar_error("KTAP version 1\n1..2\nok 1 a\n"), "");
  EXPECT_NE(test::ktap_grammar_error("KTAP version 1\n1..1\nok 2 a\n"), "");
  EXPECT_NE(test::ktap_grammar_error("KTAP version 1\n1..1\nfine 1 a\n"), "");
  EXPECT_NE(test::ktap_grammar_error("KTAP version 1\n1..1\nok 1 a # MAYBE\n"), "");
}

}  // namespace
}  // namespace ptmc::kernel
