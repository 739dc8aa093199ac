// Redaction of requests before they leave the machine.
#include <gtest/gtest.h>

#include "generation/redact.h"

namespace cc::gen {
namespace {

// Built at run time so the literal secrets do not sit in the source as one token.
std::string aws_key() { return std::string("AKIA") + "Z3Q7XK2M4PLR9WTB"; }
std::string github_token() { return std::string("ghp_") + "9aZx3Qm7Lp2Wv8Rt5Ky1Bn4Hc6Jd0Fs3Ge7T"; }

TEST(Redact, ReplacesSecretsWithKindPlaceholders) {
  std::size_t count = 0;
  std::string text = "key = \"" + aws_key() + "\"\nnothing else";
  auto out = redact_text(text, &count);
  EXPECT_EQ(out.find(aws_key()), std::string::npos);
  EXPECT_NE(out.find("[REDACTED:"), std::string::npos);
  EXPECT_NE(out.find("nothing else"), std::string::npos);
  EXPECT_GE(count, 1u);
}

TEST(Redact, LeavesOrdinaryCodeUntouched) {
  std::string code = "int add(int a, int b) { return a + b; }\n";
  std::size_t count = 0;
  EXPECT_EQ(redact_text(code, &count), code);
  EXPECT_EQ(count, 0u);
}

TEST(Redact, CoversMessagesPromptAndSuffix) {
  GenerationRequest r;
  r.messages = {{"system", "rules"}, {"user", "token: " + github_token()}};
  r.prompt = "password = \"hunter2-very-secret\"";
  r.suffix = "-----BEGIN RSA PRIVATE KEY-----\nMIIBOgIBAAJBAK\n-----END RSA PRIVATE KEY-----\n";
  auto n = redact_request(r);
  EXPECT_GE(n, 3u);
  EXPECT_EQ(r.messages[0].content, "rules");
  EXPECT_EQ(r.messages[1].content.find(github_token()), std::string::npos);
  EXPECT_EQ(r.prompt->find("hunter2-very-secret"), std::string::npos);
  EXPECT_EQ(r.suffix->find("MIIBOgIBAAJBAK"), std::string::npos);
  EXPECT_NE(r.suffix->find("[REDACTED:private-key]"), std::string::npos);
}

}  // namespace
}  // namespace cc::gen
