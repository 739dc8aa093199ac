#pragma once
// Streaming HTTP(S) requests to model servers over cpp-httplib, with the deadlines the
// library lacks:
//   - connect timeout (httplib's own),
//   - read timeout = longest silence between two received bytes (enforced by a watchdog,
//     which tells it apart from a dropped connection),
//   - whole-request deadline (watchdog),
//   - cancellation: the body receiver returns false once the token fires, and the token's
//     on_cancel hook stops the client so a stalled read ends at once.
// One httplib::Client per call (never shared between in-flight requests); after a clean call
// its keep-alive connection waits in HttpClientPool for the next call to the same server. A
// reused connection that the server closes before any response byte is retried once on a new
// connection (a server-side idle close racing the request, not a failure of the server).
//
// Headers passed in may contain secrets (Authorization); nothing here logs header values.
//
// Thread-safety: http_send may run concurrently from any number of threads.
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "generation/backends/backend_config.h"
#include "protocol/cancellation.h"

namespace cc::gen {

struct Url {
  std::string scheme;     // "http" | "https"
  std::string host;       // without brackets for IPv6
  int port = 0;
  std::string base_path;  // "" or "/v1" (no trailing slash)
  // Credentials written in the URL ("http://user:pass@host"), percent-decoded. Never part of
  // origin() or display(); endpoints send them as HTTP Basic authentication.
  std::string username;
  std::string password;

  [[nodiscard]] std::string origin() const;   // "http://host:port"
  [[nodiscard]] std::string display() const;  // origin + base_path
};

// "http://h:p/base", "https://h", "h:p" (http assumed), "http://user:pass@h:p". nullopt +
// message on error; a message never repeats the credentials.
std::optional<Url> parse_url(std::string_view text, std::string* error = nullptr);

// `text` without the "user:pass@" part of its authority (unchanged when it has none).
std::string without_credentials(std::string_view text);

enum class HttpOutcome {
  Ok,              // a response arrived (any status)
  InvalidUrl,
  ConnectFailed,   // refused / unreachable / DNS
  ConnectTimeout,
  ReadTimeout,     // silence longer than the read timeout
  Deadline,        // whole-request deadline passed
  Cancelled,       // the token fired
  Aborted,         // the body receiver returned false
  Disconnected,    // the connection dropped before the body was complete
  TlsError,
  Other,
};
const char* to_string(HttpOutcome outcome);

struct HttpRequest {
  std::string method = "POST";
  std::string path;  // appended to the URL's base_path, e.g. "/api/chat"
  std::string body;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;
};

struct HttpResponse {
  HttpOutcome outcome = HttpOutcome::Other;
  int status = 0;             // HTTP status when a response started
  std::string error_body;     // body of a non-2xx response (bounded to 64 KiB)
  std::string message;        // human-readable failure description
  double elapsed_ms = 0;
  [[nodiscard]] bool ok() const { return outcome == HttpOutcome::Ok && status >= 200 && status < 300; }
};

// Receives body bytes of a 2xx response as they arrive; return false to abort.
using BodyReceiver = std::function<bool(std::string_view bytes)>;

HttpResponse http_send(const Url& url, const HttpRequest& request, const TimeoutConfig& timeouts,
                       const CancelToken& cancel, const BodyReceiver& on_body);

// Convenience: whole body of a 2xx response in `body`. A body over `max_bytes` is cut off:
// outcome Aborted, with a message saying so.
inline constexpr std::size_t kMaxFetchBytes = 4 * 1024 * 1024;
HttpResponse http_fetch(const Url& url, const HttpRequest& request, const TimeoutConfig& timeouts,
                        const CancelToken& cancel, std::string& body, std::size_t max_bytes = kMaxFetchBytes);

}  // namespace cc::gen
