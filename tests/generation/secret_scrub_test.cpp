// Configured secrets never come back from a model server (issue 14, defect 13): scrubbing of
// whole texts, of texts cut into pieces anywhere, and of messages (bounded, one line).
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "generation/redact.h"

namespace cc::gen {
namespace {

// A fresh secret per call: the registry is process-wide, tests must not see each other's.
// Test secrets start with '\xc2\xa7' ('§'): the registry is process-wide, and a secret that
// began like a token of another test in this binary would hold that token back one step.
std::string fresh_secret(const std::string& tag) {
  static std::mt19937_64 rng(std::random_device{}());
  return "\xc2\xa7sk-" + tag + "-" + std::to_string(rng()) + "Zq";
}

std::string through_stream(const std::vector<std::string>& pieces) {
  SecretStreamScrubber s;
  std::string out;
  for (const auto& p : pieces) out += s.feed(p);
  return out + s.finish();
}

TEST(SecretScrub, ReplacesEveryOccurrenceOfARegisteredSecret) {
  const std::string key = fresh_secret("whole");
  register_secret(key);
  std::string text = "401: you sent Authorization: Bearer " + key + " and again " + key + key + ".";
  std::string out = scrub_secrets(text);
  EXPECT_EQ(out.find(key), std::string::npos) << out;
  EXPECT_NE(out.find("you sent Authorization: Bearer [REDACTED:configured-secret]"), std::string::npos) << out;
  EXPECT_EQ(scrub_secrets("nothing to hide here"), "nothing to hide here");
}

TEST(SecretScrub, ShortValuesAreNotSecrets) {
  register_secret("abc");  // would mangle every "abc" in every answer
  EXPECT_EQ(scrub_secrets("abc abcabc"), "abc abcabc");
}

TEST(SecretScrub, StreamCutAtEveryByteOfTheSecretStillScrubs) {
  const std::string key = fresh_secret("split");
  register_secret(key);
  const std::string text = "prefix " + key + " middle " + key + " suffix";
  const std::string expected = scrub_secrets(text);
  for (std::size_t a = 0; a <= text.size(); ++a) {
    for (std::size_t b = a; b <= text.size(); b += 3) {
      std::string out = through_stream({text.substr(0, a), text.substr(a, b - a), text.substr(b)});
      ASSERT_EQ(out, expected) << "cut at " << a << " and " << b;
    }
  }
  // One byte per piece.
  std::vector<std::string> bytes;
  for (char c : text) bytes.emplace_back(1, c);
  EXPECT_EQ(through_stream(bytes), expected);
}

TEST(SecretScrub, AStreamEndingInsideASecretDoesNotPassItsStartOn) {
  const std::string key = fresh_secret("tail");
  register_secret(key);
  std::string out = through_stream({"the key is ", key.substr(0, key.size() - 2)});
  EXPECT_EQ(out.find(key.substr(0, 8)), std::string::npos) << out;
  EXPECT_EQ(out.find("\xc2\xa7"), std::string::npos) << out;
  EXPECT_EQ(out.rfind("the key is ", 0), 0u) << out;
  // Text that only looks like the start of a short prefix is passed on whole.
  EXPECT_EQ(through_stream({"ends with sk"}), "ends with sk");
}

TEST(SecretScrub, HostileStreamsNeverLeakAnySecretWhateverTheCuts) {
  std::mt19937 rng(14);
  std::vector<std::string> keys;
  for (int i = 0; i < 4; ++i) keys.push_back(fresh_secret("adv" + std::to_string(i)));
  keys.push_back(keys[0].substr(0, keys[0].size() / 2) + "overlap" + keys[1]);  // shares a prefix with another
  for (const auto& k : keys) register_secret(k);
  const std::string noise = "ab sk- \n\"\\{}[REDACTED";
  for (int round = 0; round < 300; ++round) {
    std::string text;
    int parts = 1 + static_cast<int>(rng() % 8);
    for (int i = 0; i < parts; ++i) {
      if (rng() % 2) text += keys[rng() % keys.size()];
      else text += keys[rng() % keys.size()].substr(0, 1 + rng() % 10);  // a prefix only
      for (int n = static_cast<int>(rng() % 6); n > 0; --n) text += noise[rng() % noise.size()];
    }
    text += '.';  // ends outside any secret: nothing is held back at the end (see the test above)
    std::vector<std::string> pieces;
    for (std::size_t at = 0; at < text.size();) {
      std::size_t len = 1 + rng() % 9;
      pieces.push_back(text.substr(at, len));
      at += len;
    }
    std::string out = through_stream(pieces);
    for (const auto& k : keys) ASSERT_EQ(out.find(k), std::string::npos) << "round " << round << ": " << out;
    ASSERT_EQ(out, scrub_secrets(text)) << "round " << round;
  }
}

TEST(SecretScrub, ModelMessagesAreScrubbedBoundedAndOneLine) {
  const std::string key = fresh_secret("message");
  register_secret(key);
  std::string body = "denied for " + key + "\n::warning file=x::forged\x1b[31mred\xff " + std::string(5000, 'x');
  std::string m = model_message(body);
  EXPECT_EQ(m.find(key), std::string::npos);
  EXPECT_EQ(m.find('\n'), std::string::npos);
  EXPECT_EQ(m.find('\x1b'), std::string::npos);
  EXPECT_EQ(m.find('\xff'), std::string::npos);
  EXPECT_LE(m.size(), 1024u);
  EXPECT_NE(m.find("\\n::warning"), std::string::npos) << m;
  // Pattern redaction too: a key that was never configured but looks like one.
  std::string pattern = model_message("Authorization: Bearer abcdefghijklmnopqrstuvwxyz0123456789");
  EXPECT_EQ(pattern.find("abcdefghijklmnopqrstuvwxyz0123456789"), std::string::npos) << pattern;
  // Names: bounded, scrubbed, one line.
  std::string name = model_name(key + "\n" + std::string(1000, 'm'));
  EXPECT_EQ(name.find(key), std::string::npos);
  EXPECT_LE(name.size(), 256u);
  EXPECT_EQ(name.find('\n'), std::string::npos);
}

}  // namespace
}  // namespace cc::gen
