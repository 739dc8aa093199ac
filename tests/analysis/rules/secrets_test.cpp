#include "analysis/rules/secrets.h"

#include <gtest/gtest.h>

#include <string>

using cc::analysis::find_secret_spans;
using cc::analysis::redact_secrets;
using cc::analysis::SecretSpan;

namespace {

std::string span_text(std::string_view text, const SecretSpan& s) {
  return std::string(text.substr(s.begin, s.end - s.begin));
}

TEST(Secrets, KnownKeyFormats) {
  std::string text =
      "aws = AKIAIOSFODNN7EXAMPLQ\n"
      "gh = ghp_abcdefghijklmnopqrstuvwxyz0123456789\n"
      "openai = sk-proj-AbCdEf0123456789GhIjKl\n"
      "slack = xoxb-1234567890-abcdefghij\n"
      "google = AIzaSyA1234567890abcdefghijklmnopqrstuv\n";
  auto spans = find_secret_spans(text);
  ASSERT_EQ(spans.size(), 5u);
  EXPECT_EQ(spans[0].kind, "aws-access-key");
  EXPECT_EQ(span_text(text, spans[0]), "AKIAIOSFODNN7EXAMPLQ");
  EXPECT_EQ(spans[1].kind, "github-token");
  EXPECT_EQ(spans[2].kind, "openai-key");
  EXPECT_EQ(spans[3].kind, "slack-token");
  EXPECT_EQ(spans[4].kind, "google-api-key");
}

TEST(Secrets, PemBlockCoversBeginToEnd) {
  std::string text =
      "x = 1\n-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----\ny = 2\n";
  auto spans = find_secret_spans(text);
  ASSERT_EQ(spans.size(), 1u);
  EXPECT_EQ(spans[0].kind, "private-key");
  EXPECT_EQ(text.substr(spans[0].begin, 11), "-----BEGIN ");
  EXPECT_EQ(text.substr(spans[0].end), "\ny = 2\n");
}

TEST(Secrets, UnterminatedPemRunsToEnd) {
  std::string text = "-----BEGIN PRIVATE KEY-----\nMIIE";
  auto spans = find_secret_spans(text);
  ASSERT_EQ(spans.size(), 1u);
  EXPECT_EQ(spans[0].end, text.size());
}

TEST(Secrets, PublicKeyIsNotSecret) {
  EXPECT_TRUE(find_secret_spans("-----BEGIN PUBLIC KEY-----\nabc\n-----END PUBLIC KEY-----\n").empty());
}

TEST(Secrets, AssignmentsWithLiteralValues) {
  std::string text =
      "DB_PASSWORD = \"hunter2!x\"\n"
      "const apiKey = 'f00dbabe1234';\n"
      "{\"client_secret\": \"s3cr3tvalue\"}\n"
      "$config['auth_token'] => 'tok-998877'\n"
      "password := \"gopass123\"\n";
  auto spans = find_secret_spans(text);
  ASSERT_EQ(spans.size(), 5u);
  EXPECT_EQ(span_text(text, spans[0]), "hunter2!x");
  EXPECT_EQ(span_text(text, spans[1]), "f00dbabe1234");
  EXPECT_EQ(span_text(text, spans[2]), "s3cr3tvalue");
  EXPECT_EQ(span_text(text, spans[3]), "tok-998877");
  EXPECT_EQ(span_text(text, spans[4]), "gopass123");
  for (const auto& s : spans) EXPECT_EQ(s.kind, "assignment");
}

TEST(Secrets, UnquotedEnvStyleAssignments) {
  std::string text = "export DB_PASSWORD=hunter22\nAPI_TOKEN=abc-123-def\nPASSWORD=$FROM_ENV\n";
  auto spans = find_secret_spans(text);
  ASSERT_EQ(spans.size(), 2u);
  EXPECT_EQ(span_text(text, spans[0]), "hunter22");
  EXPECT_EQ(span_text(text, spans[1]), "abc-123-def");
}

TEST(Secrets, NonSecretsAreIgnored) {
  const char* cases[] = {
      "PASSWORD_FIELD = \"password\"\n",
      "password = os.environ[\"DB_PASSWORD\"]\n",
      "api_key = \"<your-api-key>\"\n",
      "token = \"\"\n",
      "password = getpass()\n",
      "log.info(\"password reset for user\")\n",
      "subject = \"Reset your password\"\n",
      "max_tokens = 512\n",
      "tokenizer = \"bert\"\n",
      "password: str\n",
      "secret = \"${SECRET}\"\n",
      "PWD=/home/user\n",
      "url = \"https://example.com/a:b\"\n",
  };
  for (const char* c : cases) EXPECT_TRUE(find_secret_spans(c).empty()) << c;
}

TEST(Secrets, BearerAndUrlCredentials) {
  std::string text =
      "headers = {\"Authorization\": \"Bearer eyJhbGciOiJIUzI1NiJ9.abcdef\"}\n"
      "url = \"postgres://admin:Sup3rS3cret@db.internal:5432/app\"\n";
  auto spans = find_secret_spans(text);
  ASSERT_EQ(spans.size(), 2u);
  EXPECT_EQ(spans[0].kind, "bearer-token");
  EXPECT_EQ(span_text(text, spans[0]), "eyJhbGciOiJIUzI1NiJ9.abcdef");
  EXPECT_EQ(spans[1].kind, "url-credentials");
  EXPECT_EQ(span_text(text, spans[1]), "Sup3rS3cret");
}

TEST(Secrets, RedactReplacesSpans) {
  std::string out = redact_secrets("key = AKIAIOSFODNN7EXAMPLQ;");
  EXPECT_EQ(out, "key = [REDACTED:aws-access-key];");
}

TEST(Secrets, BinaryAndTruncatedInputDoNotCrash) {
  std::string text("\0\xff\xfe-----BEGIN", 14);
  EXPECT_TRUE(find_secret_spans(text).empty());
  EXPECT_TRUE(find_secret_spans("password = \"unterminated").empty());
  EXPECT_TRUE(find_secret_spans("sk-").empty());
  EXPECT_TRUE(find_secret_spans("https://user:").empty());
}

}  // namespace
