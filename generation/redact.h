#pragma once
// Secrets kept out of what leaves the machine and out of what comes back.
//
// Outgoing: every message, the completion prompt and the suffix go through
// cc::analysis::find_secret_spans (keys, tokens, private keys, credential assignments, bearer
// tokens, URL credentials); each span becomes "[REDACTED:<kind>]". Nothing is ever restored:
// the model sees the placeholder and answers with it.
//
// Incoming: a model server may echo what it was sent (a 401 quoting the Authorization header,
// a proxy page, a hostile server). Every configured secret (the value of each endpoint's
// apiKeyEnv, the password of credentials in an endpoint URL and its Basic encoding) is
// registered once and scrubbed from every piece of model-server text at the point where it
// enters the product (generation/backends), before the editor, a log or the terminal sees it:
// whole texts with scrub_secrets, streamed answers with SecretStreamScrubber (a secret split
// across tokens is still caught), messages with model_message.
//
// Thread-safety: the functions are thread-safe; a SecretStreamScrubber belongs to one stream.
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "generation/types.h"

namespace cc::gen {

// Returns text with secrets replaced; `count` (optional) receives the number of spans.
std::string redact_text(std::string_view text, std::size_t* count = nullptr);

// Redacts every free-text field of the request in place; returns the number of secrets replaced.
std::size_t redact_request(GenerationRequest& request);

// --- configured secrets --------------------------------------------------------------------

// What a configured secret becomes in model-server text.
inline constexpr std::string_view kScrubbedSecret = "[REDACTED:configured-secret]";
// Shorter values are not treated as secrets: scrubbing them would mangle ordinary text.
inline constexpr std::size_t kMinSecretBytes = 4;

// Remembers `secret` for the rest of the process (idempotent; ignores short values).
void register_secret(std::string_view secret);

// `text` with every registered secret replaced by kScrubbedSecret.
std::string scrub_secrets(std::string_view text);

// A human-readable text from a model server (an error message, a server's reason): pattern
// redaction (redact_text), configured secrets scrubbed, control characters and bytes that are
// not UTF-8 made visible (one line, safe on a terminal and in JSON), at most `max_bytes`.
std::string model_message(std::string_view text, std::size_t max_bytes = 1024);

// A short name from a model server (a model id, a version): scrubbed, one line, bounded.
std::string model_name(std::string_view text, std::size_t max_bytes = 256);

// Scrubs a text that arrives in pieces. feed() returns what is safe to pass on now: it holds
// back the longest tail that could still become a secret with the next piece. finish()
// releases the tail (a held prefix of a secret of kMinSecretBytes or more is scrubbed too).
// The concatenated output never contains a registered secret, whatever the cuts.
class SecretStreamScrubber {
 public:
  SecretStreamScrubber();  // uses the secrets registered now
  std::string feed(std::string_view piece);
  std::string finish();

 private:
  std::shared_ptr<const std::vector<std::string>> secrets_;
  std::string pending_;
};

}  // namespace cc::gen
