#pragma once
// Shared vocabulary of the generation engine: requests, results, errors and the
// Generator interface that backends, the router, the cache and the scheduler all speak.
//
// Threading: generate() blocks and runs on a generation worker thread, never on the loop
// thread. on_token is called on that same worker thread as text arrives.
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/cancellation.h"

namespace cc::gen {

enum class Tier { Fast, Quality };
enum class Priority { Interactive = 0, Normal = 1, Background = 2 };

// What the request is for; drives routing complexity (BACKENDS.md "Routing").
enum class TaskType {
  Format,         // 0.1
  Template,       // 0.2
  Completion,     // inline completion / fill-in-the-middle: fast tier
  Edit,           // 0.3
  Documentation,  // 0.4
  Explain,
  Debugging,      // 0.6
  MultiFile,      // 0.7
  Review,
  Analysis,       // 0.8
  Security,       // 0.9
  Architecture,   // 0.9
  Chat,
};

struct ChatMessage {
  std::string role;  // "system" | "user" | "assistant"
  std::string content;
};

struct GenerationRequest {
  TaskType task = TaskType::Chat;
  std::vector<ChatMessage> messages;  // chat form
  // Completion form (fill-in-the-middle) used when `prompt` is set: Ollama /api/generate
  // with `suffix`, OpenAI /v1/completions with `suffix`.
  std::optional<std::string> prompt;
  std::optional<std::string> suffix;
  std::string model;  // empty: the endpoint's configured default
  std::string voice;  // voice id that produced the prompt, "" for none
  double temperature = 0.2;
  int max_tokens = 512;
  std::vector<std::string> stop;
  std::optional<int> seed;
  Priority priority = Priority::Normal;
  // Routing hints.
  int files_involved = 1;
  int lines_involved = 0;
  std::optional<Tier> force_tier;
  std::optional<std::string> force_provider;  // endpoint or backend name from config
  bool stream = true;
  bool use_cache = true;
};

enum class ErrorKind {
  None,
  Unavailable,     // nothing reachable (connect refused, breaker open everywhere)
  Timeout,         // connect / read / whole-request deadline
  Cancelled,       // the caller's token fired
  Http,            // non-2xx status from the server
  Protocol,        // unparseable body or stream
  QueueFull,       // scheduler refused: bounded queue
  InvalidRequest,  // bad voice, bad parameters
};

struct GenerationResult {
  ErrorKind error = ErrorKind::None;
  std::string error_message;  // human-readable, names endpoints tried where relevant
  std::string text;
  std::string finish_reason;  // "stop" | "length" | "cancelled" | ...
  std::string backend;        // "ollama" | "openai"
  std::string endpoint;       // endpoint name/url that served it
  std::string model;
  Tier tier = Tier::Fast;
  bool from_cache = false;
  bool escalated = false;
  double latency_ms = 0;
  double first_token_ms = 0;
  int prompt_tokens = 0;
  int completion_tokens = 0;

  [[nodiscard]] bool ok() const { return error == ErrorKind::None; }
};

using TokenCallback = std::function<void(std::string_view)>;

// Anything that turns a request into text: a backend endpoint, the router, the cache layer.
class Generator {
 public:
  virtual ~Generator() = default;
  virtual GenerationResult generate(const GenerationRequest& request, const TokenCallback& on_token,
                                    const CancelToken& cancel) = 0;
};

const char* to_string(ErrorKind kind);
const char* to_string(Tier tier);
const char* to_string(TaskType task);
const char* to_string(Priority priority);

}  // namespace cc::gen
