#include "generation/backends/http_client.h"

#include <httplib.h>

#include <algorithm>
#include <cctype>
#include <charconv>

#include <spdlog/spdlog.h>

#include "generation/backends/http_client_pool.h"
#include "generation/backends/http_watchdog.h"

namespace cc::gen {
namespace {

constexpr std::size_t kMaxErrorBody = 64 * 1024;

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

template <typename Duration>
void split_seconds(Duration d, time_t& sec, time_t& usec) {
  auto us = std::chrono::duration_cast<std::chrono::microseconds>(d).count();
  if (us < 1000) us = 1000;
  sec = static_cast<time_t>(us / 1000000);
  usec = static_cast<time_t>(us % 1000000);
}

double ms_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

std::string Url::origin() const {
  bool ipv6 = host.find(':') != std::string::npos;
  return scheme + "://" + (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

std::string Url::display() const { return origin() + base_path; }

namespace {

// The "user:pass@" part of the authority in `text` as [begin, end) (empty when there is
// none): up to the last '@' before the path, query or fragment.
std::pair<std::size_t, std::size_t> userinfo_span(std::string_view text) {
  std::size_t begin = text.find("://");
  begin = begin == std::string_view::npos ? 0 : begin + 3;
  std::size_t end = text.find_first_of("/?#", begin);
  std::string_view authority = text.substr(begin, end == std::string_view::npos ? std::string_view::npos : end - begin);
  std::size_t at = authority.rfind('@');
  if (at == std::string_view::npos) return {begin, begin};
  return {begin, begin + at + 1};
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string percent_decode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && hex_value(s[i + 1]) >= 0 && hex_value(s[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2])));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

}  // namespace

std::string without_credentials(std::string_view text) {
  auto [begin, end] = userinfo_span(text);
  std::string out(text);
  out.erase(begin, end - begin);
  return out;
}

std::optional<Url> parse_url(std::string_view full_text, std::string* error) {
  // Messages quote the URL without its credentials.
  const std::string text = without_credentials(full_text);
  auto fail = [&](std::string message) -> std::optional<Url> {
    if (error) *error = std::move(message);
    return std::nullopt;
  };
  std::string userinfo;
  {
    auto [begin, end] = userinfo_span(full_text);
    if (end > begin) userinfo = std::string(full_text.substr(begin, end - begin - 1));
  }
  std::string_view s = text;
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  if (s.empty()) return fail("empty URL");
  Url url;
  if (auto sep = s.find("://"); sep != std::string_view::npos) {
    url.scheme = lower(s.substr(0, sep));
    s.remove_prefix(sep + 3);
  } else {
    url.scheme = "http";
  }
  if (url.scheme != "http" && url.scheme != "https") return fail("unsupported URL scheme '" + url.scheme + "' in '" + std::string(text) + "'");
  std::string_view authority = s.substr(0, s.find_first_of("/?#"));
  std::string_view path = s.substr(authority.size());
  if (auto q = path.find_first_of("?#"); q != std::string_view::npos) path = path.substr(0, q);
  std::string_view port_text;
  if (!authority.empty() && authority.front() == '[') {
    auto close = authority.find(']');
    if (close == std::string_view::npos) return fail("unterminated IPv6 address in '" + std::string(text) + "'");
    url.host = std::string(authority.substr(1, close - 1));
    std::string_view rest = authority.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') return fail("bad characters after IPv6 address in '" + std::string(text) + "'");
      port_text = rest.substr(1);
    }
  } else {
    auto colon = authority.rfind(':');
    url.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) port_text = authority.substr(colon + 1);
  }
  if (url.host.empty()) return fail("URL without a host: '" + std::string(text) + "'");
  if (!port_text.empty()) {
    int port = 0;
    auto [ptr, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (ec != std::errc() || ptr != port_text.data() + port_text.size() || port <= 0 || port > 65535)
      return fail("bad port '" + std::string(port_text) + "' in '" + std::string(text) + "'");
    url.port = port;
  } else {
    url.port = url.scheme == "https" ? 443 : 80;
  }
  while (!path.empty() && path.back() == '/') path.remove_suffix(1);
  url.base_path = std::string(path);
  if (!userinfo.empty()) {
    auto colon = userinfo.find(':');
    url.username = percent_decode(std::string_view(userinfo).substr(0, colon));
    if (colon != std::string::npos) url.password = percent_decode(std::string_view(userinfo).substr(colon + 1));
  }
  return url;
}

const char* to_string(HttpOutcome outcome) {
  switch (outcome) {
    case HttpOutcome::Ok: return "ok";
    case HttpOutcome::InvalidUrl: return "invalid-url";
    case HttpOutcome::ConnectFailed: return "connect-failed";
    case HttpOutcome::ConnectTimeout: return "connect-timeout";
    case HttpOutcome::ReadTimeout: return "read-timeout";
    case HttpOutcome::Deadline: return "deadline";
    case HttpOutcome::Cancelled: return "cancelled";
    case HttpOutcome::Aborted: return "aborted";
    case HttpOutcome::Disconnected: return "disconnected";
    case HttpOutcome::TlsError: return "tls-error";
    case HttpOutcome::Other: return "other";
  }
  return "unknown";
}

namespace {

void configure(httplib::Client& client, const TimeoutConfig& timeouts) {
  time_t sec = 0, usec = 0;
  split_seconds(timeouts.connect, sec, usec);
  client.set_connection_timeout(sec, usec);
  // httplib's own read timeout is only a backstop: the watchdog measures silence precisely.
  split_seconds(timeouts.read + std::chrono::seconds(1), sec, usec);
  client.set_read_timeout(sec, usec);
  split_seconds(std::max(timeouts.read, std::chrono::milliseconds(1000)), sec, usec);
  client.set_write_timeout(sec, usec);
  client.set_decompress(false);  // no Accept-Encoding: streams arrive uncompressed, unbuffered
  client.set_keep_alive(true);  // the connection goes back to the pool after a clean call
  // A request goes out as headers then body: on a reused connection Nagle would hold the body
  // until the server's delayed ACK (~40 ms).
  client.set_tcp_nodelay(true);
}

// One request on `client`; `where` names it in messages. `reusable` is set when the whole
// response was read and nothing stopped the client, so its connection can serve the next call.
HttpResponse send_once(httplib::Client& client, const Url& url, const HttpRequest& request, const std::string& where,
                       const TimeoutConfig& timeouts, std::chrono::milliseconds deadline, const CancelToken& cancel,
                       const BodyReceiver& on_body, bool& reusable) {
  const auto start = std::chrono::steady_clock::now();
  HttpResponse out;
  reusable = false;
  configure(client, timeouts);
  auto guard = std::make_shared<CallGuard>([&client] { client.stop(); }, timeouts.read, deadline, timeouts.connect);
  guard->start();
  cancel.on_cancel([weak = std::weak_ptr<CallGuard>(guard)] {
    if (auto g = weak.lock()) g->request_stop(StopReason::Cancelled);
  });

  httplib::Request req;
  req.method = request.method;
  req.path = url.base_path + request.path;
  for (const auto& [name, value] : request.headers) req.headers.emplace(name, value);
  req.headers.emplace("Accept", "application/json, application/x-ndjson, text/event-stream");
  if (!request.body.empty()) {
    req.body = request.body;
    req.headers.emplace("Content-Type", request.content_type);
  }
  req.response_handler = [&](const httplib::Response& res) {
    guard->touch();
    out.status = res.status;
    return !cancel.cancelled();
  };
  bool receiver_aborted = false;
  req.content_receiver = [&](const char* data, size_t len, uint64_t, uint64_t) {
    guard->touch();
    if (cancel.cancelled()) return false;
    if (out.status < 200 || out.status >= 300) {
      if (out.error_body.size() < kMaxErrorBody)
        out.error_body.append(data, std::min(len, kMaxErrorBody - out.error_body.size()));
      return true;
    }
    if (on_body && !on_body(std::string_view(data, len))) {
      receiver_aborted = true;
      return false;
    }
    return true;
  };

  httplib::Response res;
  httplib::Error error = httplib::Error::Success;
  bool sent = client.send(req, res, error);
  guard->finish();
  out.elapsed_ms = ms_since(start);
  if (out.status <= 0 && res.status > 0) out.status = res.status;

  StopReason reason = guard->reason();
  if (cancel.cancelled() || reason == StopReason::Cancelled) {
    out.outcome = HttpOutcome::Cancelled;
    out.message = "cancelled while talking to " + where;
  } else if (reason == StopReason::Deadline) {
    out.outcome = HttpOutcome::Deadline;
    out.message = where + " did not finish within the request deadline of " + std::to_string(timeouts.request.count()) + " ms";
  } else if (reason == StopReason::ReadTimeout) {
    out.outcome = HttpOutcome::ReadTimeout;
    out.message = where + " sent nothing for " + std::to_string(timeouts.read.count()) + " ms (read timeout)";
  } else if (sent) {
    out.outcome = HttpOutcome::Ok;
    reusable = !receiver_aborted;
  } else {
    switch (error) {
      case httplib::Error::Connection:
        out.outcome = HttpOutcome::ConnectFailed;
        out.message = "cannot connect to " + url.display() + " (connection refused or host unreachable)";
        break;
      case httplib::Error::ConnectionTimeout:
        out.outcome = HttpOutcome::ConnectTimeout;
        out.message = "connecting to " + url.display() + " timed out after " + std::to_string(timeouts.connect.count()) + " ms";
        break;
      case httplib::Error::Canceled:
        out.outcome = receiver_aborted ? HttpOutcome::Aborted : HttpOutcome::Cancelled;
        out.message = "request to " + where + " aborted";
        break;
      case httplib::Error::SSLConnection:
      case httplib::Error::SSLLoadingCerts:
      case httplib::Error::SSLServerVerification:
        out.outcome = HttpOutcome::TlsError;
        out.message = "TLS error with " + url.display() + ": " + httplib::to_string(error);
        break;
      case httplib::Error::Read:
      case httplib::Error::Write:
        if (out.status > 0) {
          out.outcome = HttpOutcome::Disconnected;
          out.message = where + " closed the connection before the response was complete";
        } else if (out.elapsed_ms >= static_cast<double>(timeouts.read.count())) {
          out.outcome = HttpOutcome::ReadTimeout;
          out.message = where + " sent nothing for " + std::to_string(timeouts.read.count()) + " ms (read timeout)";
        } else {
          out.outcome = HttpOutcome::Disconnected;
          out.message = where + " closed the connection without a response";
        }
        break;
      default:
        out.outcome = HttpOutcome::Other;
        out.message = "request to " + where + " failed: " + httplib::to_string(error);
        break;
    }
  }
  return out;
}

}  // namespace

HttpResponse http_send(const Url& url, const HttpRequest& request, const TimeoutConfig& timeouts,
                       const CancelToken& cancel, const BodyReceiver& on_body) {
  const auto start = std::chrono::steady_clock::now();
  const std::string where = url.display() + request.path;
  if (cancel.cancelled()) {
    HttpResponse out;
    out.outcome = HttpOutcome::Cancelled;
    out.message = "cancelled before sending to " + where;
    return out;
  }
  const std::string origin = url.origin();
  auto lease = HttpClientPool::shared().take(origin);
  if (!lease.client->is_valid()) {
    HttpResponse out;
    out.outcome = HttpOutcome::InvalidUrl;
    out.message = "cannot use URL " + url.display();
    return out;
  }

  spdlog::debug("http: {} {}", request.method, where);
  bool reusable = false;
  HttpResponse out = send_once(*lease.client, url, request, where, timeouts, timeouts.request, cancel, on_body, reusable);
  // A server may close an idle kept-alive connection just as a request goes out on it (after
  // httplib's liveness check). Nothing of a response arrived, so nothing reached `on_body`:
  // send once more on a new connection. Generation requests have no side effects to repeat.
  if (lease.reused && out.outcome == HttpOutcome::Disconnected && out.status == 0) {
    spdlog::debug("http: {} closed a kept-alive connection without a response; retrying on a new one", where);
    lease = {std::make_unique<httplib::Client>(origin), false};
    auto left = timeouts.request - std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
    out = send_once(*lease.client, url, request, where, timeouts, std::max(left, std::chrono::milliseconds(1)), cancel, on_body,
                    reusable);
  }
  out.elapsed_ms = ms_since(start);
  if (reusable) HttpClientPool::shared().give_back(origin, std::move(lease.client));
  spdlog::debug("http: {} {} → {} status {} in {:.1f} ms", request.method, where, to_string(out.outcome), out.status,
                out.elapsed_ms);
  return out;
}

HttpResponse http_fetch(const Url& url, const HttpRequest& request, const TimeoutConfig& timeouts,
                        const CancelToken& cancel, std::string& body, std::size_t max_bytes) {
  body.clear();
  bool too_large = false;
  HttpResponse out = http_send(url, request, timeouts, cancel, [&](std::string_view bytes) {
    if (body.size() + bytes.size() > max_bytes) {
      too_large = true;
      return false;
    }
    body.append(bytes);
    return true;
  });
  if (too_large) {
    body.clear();
    out.outcome = HttpOutcome::Aborted;
    out.message = url.display() + request.path + " answered with more than " + std::to_string(max_bytes / 1024) +
                  " KiB; the answer was cut off";
  }
  return out;
}

}  // namespace cc::gen
