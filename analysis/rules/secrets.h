#pragma once
// Language-agnostic detection of hard-coded secrets, used to redact text before it leaves the
// machine (generation engine) and by the analyzer's `secret` rules.
//
// find_secret_spans() scans raw bytes (any encoding, possibly invalid UTF-8) in linear time
// without regex backtracking. Pure function: thread-safe and reentrant.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace cc::analysis {

struct SecretSpan {
  std::size_t begin;  // byte offset of the first secret byte
  std::size_t end;    // byte offset one past the last secret byte
  std::string kind;   // "aws-access-key", "github-token", "openai-key", "slack-token",
                      // "google-api-key", "private-key", "assignment", "bearer-token", "url-credentials"
};

// Spans are sorted by `begin` and never overlap (overlapping detections are merged, keeping the
// kind of the earliest). Detected:
//   - well-known key formats: AWS AKIA/ASIA…, GitHub ghp_/gho_/ghu_/ghs_/ghr_/github_pat_…,
//     OpenAI sk-…, Slack xox?-…, Google AIza…
//   - PEM private key blocks (BEGIN line through END line, or to the end of text if unterminated)
//   - assignments of a literal to a password/secret/token/api_key-like name (quoted values, and
//     unquoted values in KEY=value / KEY: value form); placeholders and empty values are skipped
//   - `Bearer <token>` and URLs with `user:password@`
std::vector<SecretSpan> find_secret_spans(std::string_view text);

// Returns `text` with every span replaced by `[REDACTED:<kind>]`.
std::string redact_secrets(std::string_view text);

// True when `value` (the contents of a string literal) looks like a placeholder or a non-secret
// ("", "changeme", "<your-api-key>", "${VAR}", "xxx", "****", "example", ...).
bool is_placeholder_value(std::string_view value);

// True when an identifier names a credential (password, passwd, secret, token, api_key,
// apikey, access_key, private_key, client_secret, auth_token, ...), case-insensitive.
bool is_credential_name(std::string_view identifier);

// Span of a well-known key format starting at or after `from` within `text` (first one found),
// or {npos, npos} when none. Used by the analyzer inside string literals.
struct KeyMatch {
  std::size_t begin = std::string_view::npos;
  std::size_t end = std::string_view::npos;
  const char* kind = "";
};
KeyMatch find_known_key(std::string_view text, std::size_t from = 0);

}  // namespace cc::analysis
