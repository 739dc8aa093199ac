// http_send against a raw-socket HTTP/1.1 server whose every answer is scripted, including
// closing a kept-alive connection after reading a request and before any response byte: the
// race in which a server's idle close meets a request on a reused connection.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "generation/backends/http_client.h"
#include "generation/backends/http_client_pool.h"

namespace cc::gen {
namespace {

constexpr int kPollMs = 10000;  // bounds every wait, so a broken client fails the test, never hangs it

// Serves one connection at a time (the client under test opens at most one at a time).
class ScriptedHttpServer {
 public:
  // true: answer request number n (0-based, across connections) with 200 and keep the
  // connection; false: close the connection without a response.
  using Answer = std::function<bool(int n)>;

  explicit ScriptedHttpServer(Answer answer) : answer_(std::move(answer)) {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    EXPECT_EQ(::listen(listen_fd_, 8), 0);
    socklen_t len = sizeof addr;
    ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { serve(); });
  }
  ~ScriptedHttpServer() {
    stop_ = true;
    thread_.join();
    ::close(listen_fd_);
  }

  [[nodiscard]] Url url() const { return *parse_url("http://127.0.0.1:" + std::to_string(port_)); }
  // The connection (0-based, in accept order) each request arrived on.
  [[nodiscard]] std::vector<int> connection_of_requests() const {
    std::lock_guard lock(mutex_);
    return connection_of_request_;
  }

 private:
  static bool readable(int fd) {
    pollfd p{fd, POLLIN, 0};
    return ::poll(&p, 1, 100) > 0;
  }

  // Appends what arrives on `fd` within kPollMs; false when the client closed it, nothing
  // came, or the server stops.
  bool read_more(int fd, std::string& buffer) {
    for (int waited_ms = 0; waited_ms < kPollMs; waited_ms += 100) {
      if (stop_) return false;
      if (!readable(fd)) continue;
      char chunk[4096];
      ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
      if (n <= 0) return false;
      buffer.append(chunk, static_cast<std::size_t>(n));
      return true;
    }
    return false;
  }

  void serve() {
    int connections = 0;
    while (!stop_) {
      if (!readable(listen_fd_)) continue;
      int fd = ::accept(listen_fd_, nullptr, nullptr);
      if (fd < 0) continue;
      serve_connection(fd, connections++);
      ::close(fd);
    }
  }

  // Reads requests on `fd` until the client closes it or the script says to drop it.
  void serve_connection(int fd, int connection) {
    std::string buffer;
    for (;;) {
      std::size_t head_end;
      while ((head_end = buffer.find("\r\n\r\n")) == std::string::npos)
        if (!read_more(fd, buffer)) return;
      std::size_t body_length = 0;
      if (auto at = buffer.find("Content-Length: "); at != std::string::npos && at < head_end)
        body_length = std::stoul(buffer.substr(at + 16));
      while (buffer.size() < head_end + 4 + body_length)
        if (!read_more(fd, buffer)) return;
      buffer.erase(0, head_end + 4 + body_length);
      int n;
      {
        std::lock_guard lock(mutex_);
        n = static_cast<int>(connection_of_request_.size());
        connection_of_request_.push_back(connection);
      }
      if (!answer_(n)) return;  // closed without a response byte
      const std::string body = R"({"n":)" + std::to_string(n) + "}";
      const std::string response = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " +
                                   std::to_string(body.size()) + "\r\nConnection: keep-alive\r\n\r\n" + body;
      if (::send(fd, response.data(), response.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(response.size())) return;
    }
  }

  Answer answer_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  mutable std::mutex mutex_;
  std::vector<int> connection_of_request_;  // guarded by mutex_
  std::thread thread_;
};

TimeoutConfig test_timeouts() {
  TimeoutConfig t;
  t.connect = std::chrono::milliseconds(2000);
  t.read = std::chrono::milliseconds(5000);
  t.request = std::chrono::milliseconds(10000);
  return t;
}

HttpResponse post(const ScriptedHttpServer& server, std::string& body) {
  HttpRequest request;
  request.path = "/api/chat";
  request.body = R"({"model":"m"})";
  return http_fetch(server.url(), request, test_timeouts(), CancelToken(), body);
}

class HttpSend : public ::testing::Test {
 protected:
  void SetUp() override { HttpClientPool::shared().clear(); }
  void TearDown() override { HttpClientPool::shared().clear(); }
};

TEST_F(HttpSend, AKeptAliveConnectionTheServerClosedIsRetriedOnceOnANewOne) {
  ScriptedHttpServer server([](int n) { return n != 1; });  // the second request meets a close
  std::string body;
  ASSERT_TRUE(post(server, body).ok());
  EXPECT_EQ(body, R"({"n":0})");
  HttpResponse second = post(server, body);
  ASSERT_TRUE(second.ok()) << second.message;
  EXPECT_EQ(body, R"({"n":2})") << "the retry's answer, delivered once";
  EXPECT_EQ(server.connection_of_requests(), (std::vector<int>{0, 0, 1})) << "sent on the kept connection, then on a new one";
}

TEST_F(HttpSend, ANewConnectionClosedWithoutAResponseIsNotRetried) {
  ScriptedHttpServer server([](int) { return false; });
  std::string body;
  HttpResponse r = post(server, body);
  EXPECT_EQ(r.outcome, HttpOutcome::Disconnected) << r.message;
  EXPECT_NE(r.message.find("without a response"), std::string::npos) << r.message;
  EXPECT_EQ(server.connection_of_requests().size(), 1u) << "a server that drops fresh connections is failing, not racing";
}

TEST_F(HttpSend, TheRetryIsMadeOnlyOnce) {
  ScriptedHttpServer server([](int n) { return n == 0; });
  std::string body;
  ASSERT_TRUE(post(server, body).ok());
  HttpResponse r = post(server, body);
  EXPECT_EQ(r.outcome, HttpOutcome::Disconnected) << r.message;
  EXPECT_EQ(server.connection_of_requests(), (std::vector<int>{0, 0, 1}));
}

}  // namespace
}  // namespace cc::gen
