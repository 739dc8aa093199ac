#pragma once
// Parsing JSON that comes from outside the process: LSP frames, configuration files, cache
// and Redis entries. Every such parse goes through parse_untrusted_json, which
//   - caps the nesting depth (nlohmann's parser is iterative, but copying, comparing,
//     merging and dumping a value recurse once per level: 100,000 nested arrays crash them);
//   - repairs what clients really send inside strings instead of failing the whole message:
//     an escaped lone UTF-16 surrogate (`\udc80`, what JavaScript sends for a broken
//     character), an invalid UTF-8 byte and a raw control character become U+FFFD (or the
//     control character's escape), so an edit is never dropped over one bad character.
// Pure functions; thread-safe.
#include <cstddef>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace cc::protocol {

// Deeper than any message, setting or cache entry we write or read by two orders of magnitude.
inline constexpr std::size_t kMaxJsonDepth = 128;

struct JsonInputOptions {
  std::size_t max_depth = kMaxJsonDepth;
  bool comments = false;  // allow // and /* */ comments (configuration files)
};

struct JsonInput {
  nlohmann::json value;       // discarded when the text is not JSON
  std::string error;          // empty on success
  bool too_deep = false;      // value then holds only the top levels (see below)
  std::size_t repaired = 0;   // characters replaced inside strings
  [[nodiscard]] bool ok() const { return error.empty(); }
};

// On too_deep, `value` keeps the containers of the first kShallowDepth levels (enough for a
// JSON-RPC envelope's id, method and params.textDocument.uri) so the message can still be
// answered; deeper containers are left out.
inline constexpr std::size_t kShallowDepth = 3;

JsonInput parse_untrusted_json(std::string_view text, const JsonInputOptions& options = {});

}  // namespace cc::protocol
