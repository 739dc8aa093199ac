// Redis tier against a real redis-server: a subprocess on a free loopback port started by the
// fixture (or the server at CC_REDIS_URL when set). Covers round trips with TTL, Redis being
// stopped mid-run (requests keep working, one warning), and reconnection.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <hiredis/hiredis.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <thread>

#include <spdlog/sinks/ringbuffer_sink.h>
#include <spdlog/spdlog.h>

#include "tests/support/free_port.h"
#include "generation/cache/memory_cache.h"
#include "generation/cache/redis_cache.h"

namespace cc::gen {
namespace {

using namespace std::chrono_literals;

bool redis_answers(int port) {
  timeval tv{0, 200000};
  redisContext* c = redisConnectWithTimeout("127.0.0.1", port, tv);
  bool ok = c && !c->err;
  if (ok) {
    auto* reply = static_cast<redisReply*>(redisCommand(c, "PING"));
    ok = reply && reply->type == REDIS_REPLY_STATUS;
    if (reply) freeReplyObject(reply);
  }
  if (c) redisFree(c);
  return ok;
}

std::string find_redis_server() {
  for (const char* p : {"/usr/bin/redis-server", "/usr/local/bin/redis-server", "/usr/sbin/redis-server"})
    if (std::filesystem::exists(p)) return p;
  return {};
}

// A redis-server subprocess on 127.0.0.1:<port> without persistence.
class RedisProcess {
 public:
  explicit RedisProcess(int port) : port_(port) {}
  ~RedisProcess() { stop(); }

  bool start() {
    std::string binary = find_redis_server();
    if (binary.empty()) return false;
    pid_ = ::fork();
    if (pid_ == 0) {
      std::string port = std::to_string(port_);
      ::execl(binary.c_str(), "redis-server", "--port", port.c_str(), "--bind", "127.0.0.1", "--save", "",
              "--appendonly", "no", "--daemonize", "no", "--loglevel", "warning", static_cast<char*>(nullptr));
      ::_exit(127);
    }
    for (int i = 0; i < 500; ++i) {  // up to 5 s
      if (redis_answers(port_)) return true;
      std::this_thread::sleep_for(10ms);
    }
    return false;
  }

  void stop() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }

  int port() const { return port_; }

 private:
  int port_;
  pid_t pid_ = -1;
};

CachedAnswer answer(const std::string& text) {
  CachedAnswer a;
  a.text = text;
  a.backend = "openai";
  return a;
}

std::string key_of(const std::string& s) { return sha256_hex(s); }

class RedisCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (const char* env = std::getenv("CC_REDIS_URL"); env && *env) {
      std::string error;
      auto url = parse_redis_url(env, error);
      ASSERT_TRUE(url) << error;
      url_ = *url;
      external_ = true;
      return;
    }
    if (find_redis_server().empty()) GTEST_SKIP() << "redis-server is not installed (apt-get install redis-server) and CC_REDIS_URL is not set";
    process_ = std::make_unique<RedisProcess>(cc::testing::unused_loopback_port());
    ASSERT_TRUE(process_->start()) << "redis-server did not answer on port " << process_->port();
    url_.port = process_->port();
  }

  RedisUrl url_;
  bool external_ = false;
  std::unique_ptr<RedisProcess> process_;
};

TEST(RedisUrl, ParsesHostPortDbAndCredentials) {
  std::string error;
  auto u = parse_redis_url("redis://:s3cret@cache.local:6380/2", error);
  ASSERT_TRUE(u) << error;
  EXPECT_EQ(u->host, "cache.local");
  EXPECT_EQ(u->port, 6380);
  EXPECT_EQ(u->db, 2);
  EXPECT_EQ(u->password, "s3cret");
  EXPECT_TRUE(u->user.empty());
  auto d = parse_redis_url("redis://localhost", error);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->port, 6379);
  EXPECT_EQ(d->db, 0);
  auto acl = parse_redis_url("redis://alice:pw@h:1/0", error);
  ASSERT_TRUE(acl);
  EXPECT_EQ(acl->user, "alice");
  EXPECT_EQ(acl->password, "pw");
  EXPECT_FALSE(parse_redis_url("http://h:1", error));
  EXPECT_NE(error.find("redis://"), std::string::npos);
  EXPECT_FALSE(parse_redis_url("redis://h:99999", error));
  EXPECT_FALSE(parse_redis_url("redis://h:1/x", error));
}

TEST(RedisCache, UnreachableServerIsAMissNotAFailure) {
  RedisUrl url;
  url.port = cc::testing::unused_loopback_port();  // nothing listens there
  auto sink = std::make_shared<spdlog::sinks::ringbuffer_sink_mt>(16);
  spdlog::default_logger()->sinks().push_back(sink);
  {
    RedisCache cache(url, 1h);
    EXPECT_FALSE(cache.connected());
    EXPECT_FALSE(cache.get(key_of("a")));
    cache.put(key_of("a"), answer("dropped"));  // silently dropped
    EXPECT_FALSE(cache.status()["lastError"].get<std::string>().empty());
    EXPECT_EQ(cache.status()["url"].get<std::string>().find("s3cret"), std::string::npos);
  }
  spdlog::default_logger()->sinks().pop_back();
  auto lines = sink->last_formatted();
  ASSERT_EQ(lines.size(), 1u);  // exactly one warning for the outage
  EXPECT_NE(lines[0].find("caching locally"), std::string::npos);
}

TEST_F(RedisCacheTest, RoundTripWithTtl) {
  RedisCache cache(url_, 120s);
  ASSERT_TRUE(cache.connected()) << cache.status().dump();
  std::string key = key_of("round-trip");
  cache.put(key, answer("shared answer"));
  auto hit = cache.get(key);
  ASSERT_TRUE(hit);
  EXPECT_EQ(hit->text, "shared answer");
  EXPECT_EQ(hit->backend, "openai");
  EXPECT_FALSE(cache.get(key_of("absent")));

  timeval tv{1, 0};
  redisContext* c = redisConnectWithTimeout(url_.host.c_str(), url_.port, tv);
  ASSERT_TRUE(c && !c->err);
  std::string full = std::string(RedisCache::kKeyPrefix) + key;
  auto* ttl = static_cast<redisReply*>(redisCommand(c, "TTL %s", full.c_str()));
  ASSERT_TRUE(ttl);
  EXPECT_EQ(ttl->type, REDIS_REPLY_INTEGER);
  EXPECT_GT(ttl->integer, 0);
  EXPECT_LE(ttl->integer, 120);
  freeReplyObject(ttl);
  redisFree(c);
  cache.clear();
  EXPECT_FALSE(cache.get(key));
}

TEST_F(RedisCacheTest, StoppingRedisMidRunFallsBackToLocalCachingThenReconnects) {
  if (external_) {
    // The shared server (CC_REDIS_URL) must not be stopped: use a private one for this test.
    if (find_redis_server().empty()) GTEST_SKIP() << "needs redis-server installed to own and stop a server";
    process_ = std::make_unique<RedisProcess>(cc::testing::unused_loopback_port());
    ASSERT_TRUE(process_->start()) << "redis-server did not answer on port " << process_->port();
    url_ = RedisUrl{};
    url_.port = process_->port();
  }
  auto sink = std::make_shared<spdlog::sinks::ringbuffer_sink_mt>(32);
  spdlog::default_logger()->sinks().push_back(sink);

  std::vector<std::unique_ptr<CacheTier>> tiers;
  tiers.push_back(std::make_unique<MemoryCache>(1 << 20, 1h));
  auto redis = std::make_unique<RedisCache>(url_, 1h);
  auto* redis_raw = redis.get();
  tiers.push_back(std::move(redis));
  TieredCache cache(std::move(tiers));

  cache.put(key_of("before"), answer("before"));
  EXPECT_TRUE(redis_raw->get(key_of("before")));

  process_->stop();
  // Every operation keeps working: misses from Redis, hits from memory.
  cache.put(key_of("during"), answer("during"));
  EXPECT_TRUE(cache.get(key_of("during")));
  EXPECT_TRUE(cache.get(key_of("before")));
  EXPECT_FALSE(cache.get(key_of("never-stored")));
  EXPECT_FALSE(redis_raw->connected());
  for (int i = 0; i < 20; ++i) cache.put(key_of("more" + std::to_string(i)), answer("x"));
  int warnings = 0;
  for (const auto& line : sink->last_formatted()) warnings += line.find("unavailable") != std::string::npos;
  EXPECT_EQ(warnings, 1);

  // Back on the same port: the tier reconnects after its backoff (bounded wait).
  RedisProcess again(url_.port);
  ASSERT_TRUE(again.start());
  bool reconnected = false;
  for (int i = 0; i < 200 && !reconnected; ++i) {  // up to 10 s; the first backoff is 0.5 s
    redis_raw->put(key_of("after"), answer("after"));
    reconnected = redis_raw->get(key_of("after")).has_value();
    if (!reconnected) std::this_thread::sleep_for(50ms);
  }
  EXPECT_TRUE(reconnected);
  EXPECT_TRUE(redis_raw->connected());
  EXPECT_GE(redis_raw->status()["reconnects"].get<int>(), 1);
  spdlog::default_logger()->sinks().pop_back();
}

}  // namespace
}  // namespace cc::gen
