#include "generation/cache/redis_cache.h"

#include <hiredis/hiredis.h>

#include <charconv>

#include <spdlog/spdlog.h>

namespace cc::gen {

namespace {

timeval to_timeval(std::chrono::milliseconds ms) {
  timeval tv{};
  tv.tv_sec = static_cast<decltype(tv.tv_sec)>(ms.count() / 1000);
  tv.tv_usec = static_cast<decltype(tv.tv_usec)>((ms.count() % 1000) * 1000);
  return tv;
}

struct ReplyDeleter {
  void operator()(redisReply* r) const {
    if (r) freeReplyObject(r);
  }
};
using Reply = std::unique_ptr<redisReply, ReplyDeleter>;

Reply command(redisContext* ctx, const char* fmt, auto... args) {
  return Reply(static_cast<redisReply*>(redisCommand(ctx, fmt, args...)));
}

bool parse_int(std::string_view s, int& out) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size();
}

}  // namespace

std::optional<RedisUrl> parse_redis_url(const std::string& url, std::string& error) {
  const std::string scheme = "redis://";
  if (url.rfind(scheme, 0) != 0) {
    error = "redis URL must start with redis:// (got '" + url + "')";
    return std::nullopt;
  }
  RedisUrl out;
  std::string rest = url.substr(scheme.size());
  if (auto at = rest.rfind('@'); at != std::string::npos) {
    std::string userinfo = rest.substr(0, at);
    rest = rest.substr(at + 1);
    if (auto colon = userinfo.find(':'); colon != std::string::npos) {
      out.user = userinfo.substr(0, colon);
      out.password = userinfo.substr(colon + 1);
    } else {
      out.password = userinfo;  // redis://secret@host: a bare password
    }
  }
  if (auto slash = rest.find('/'); slash != std::string::npos) {
    std::string db = rest.substr(slash + 1);
    rest = rest.substr(0, slash);
    if (!db.empty() && (!parse_int(db, out.db) || out.db < 0)) {
      error = "redis URL database must be a number (got '" + db + "')";
      return std::nullopt;
    }
  }
  if (auto colon = rest.rfind(':'); colon != std::string::npos && rest.find(']') == std::string::npos) {
    std::string port = rest.substr(colon + 1);
    rest = rest.substr(0, colon);
    if (!parse_int(port, out.port) || out.port <= 0 || out.port > 65535) {
      error = "redis URL port must be 1-65535 (got '" + port + "')";
      return std::nullopt;
    }
  }
  if (!rest.empty()) out.host = rest;
  return out;
}

RedisCache::RedisCache(RedisUrl url, std::chrono::milliseconds ttl, std::chrono::milliseconds timeout)
    : url_(std::move(url)), ttl_(ttl), timeout_(timeout) {
  std::lock_guard lock(mutex_);
  ensure_connected_locked();
}

RedisCache::~RedisCache() {
  if (ctx_) redisFree(ctx_);
}

void RedisCache::mark_down_locked(const std::string& why) {
  last_error_ = why;
  ++errors_;
  if (ctx_) {
    redisFree(ctx_);
    ctx_ = nullptr;
  }
  if (!warned_) {
    spdlog::warn("redis cache at {}:{} unavailable ({}); caching locally until it is back", url_.host, url_.port, why);
    warned_ = true;
  }
  next_attempt_ = std::chrono::steady_clock::now() + backoff_;
  backoff_ = std::min(backoff_ * 2, std::chrono::milliseconds(30000));
}

bool RedisCache::ensure_connected_locked() {
  if (ctx_) return true;
  if (std::chrono::steady_clock::now() < next_attempt_) return false;
  redisContext* ctx = redisConnectWithTimeout(url_.host.c_str(), url_.port, to_timeval(timeout_));
  if (!ctx || ctx->err) {
    std::string why = ctx ? ctx->errstr : "cannot allocate redis context";
    if (ctx) redisFree(ctx);
    mark_down_locked(why);
    return false;
  }
  redisSetTimeout(ctx, to_timeval(timeout_));
  ctx_ = ctx;
  if (!url_.password.empty()) {
    Reply r = url_.user.empty() ? command(ctx_, "AUTH %s", url_.password.c_str())
                                : command(ctx_, "AUTH %s %s", url_.user.c_str(), url_.password.c_str());
    if (!r || r->type == REDIS_REPLY_ERROR) {
      mark_down_locked(r ? std::string("AUTH failed: ") + r->str : "AUTH failed");
      return false;
    }
  }
  if (url_.db != 0) {
    Reply r = command(ctx_, "SELECT %d", url_.db);
    if (!r || r->type == REDIS_REPLY_ERROR) {
      mark_down_locked(r ? std::string("SELECT failed: ") + r->str : "SELECT failed");
      return false;
    }
  }
  if (warned_) {
    spdlog::info("redis cache at {}:{} is back", url_.host, url_.port);
    ++reconnects_;
  }
  warned_ = false;
  backoff_ = std::chrono::milliseconds(500);
  return true;
}

std::optional<CachedAnswer> RedisCache::get(const std::string& key) {
  std::lock_guard lock(mutex_);
  if (!ensure_connected_locked()) return std::nullopt;
  std::string k = kKeyPrefix + key;
  Reply r = command(ctx_, "GET %b", k.data(), k.size());
  if (!r) {
    mark_down_locked(ctx_ && ctx_->err ? ctx_->errstr : "no reply");
    return std::nullopt;
  }
  if (r->type != REDIS_REPLY_STRING) return std::nullopt;
  return decode_entry(std::string_view(r->str, r->len), key, unix_now_ms());
}

void RedisCache::put(const std::string& key, const CachedAnswer& answer) {
  std::string value = encode_entry(key, answer, unix_now_ms() + ttl_.count());
  std::string k = kKeyPrefix + key;
  long long ttl_s = std::max<long long>(1, ttl_.count() / 1000);
  std::lock_guard lock(mutex_);
  if (!ensure_connected_locked()) return;
  Reply r = command(ctx_, "SETEX %b %lld %b", k.data(), k.size(), ttl_s, value.data(), value.size());
  if (!r) mark_down_locked(ctx_ && ctx_->err ? ctx_->errstr : "no reply");
}

void RedisCache::clear() {
  std::lock_guard lock(mutex_);
  if (!ensure_connected_locked()) return;
  std::string cursor = "0";
  std::string pattern = std::string(kKeyPrefix) + "*";
  do {
    Reply r = command(ctx_, "SCAN %s MATCH %s COUNT 500", cursor.c_str(), pattern.c_str());
    if (!r || r->type != REDIS_REPLY_ARRAY || r->elements != 2) {
      if (!r) mark_down_locked("SCAN failed");
      return;
    }
    cursor.assign(r->element[0]->str, r->element[0]->len);
    const redisReply* keys = r->element[1];
    for (std::size_t i = 0; i < keys->elements; ++i)
      Reply del = command(ctx_, "DEL %b", keys->element[i]->str, keys->element[i]->len);
  } while (cursor != "0");
}

bool RedisCache::connected() const {
  std::lock_guard lock(mutex_);
  return ctx_ != nullptr;
}

nlohmann::json RedisCache::status() const {
  std::lock_guard lock(mutex_);
  return {{"url", url_.host + ":" + std::to_string(url_.port) + "/" + std::to_string(url_.db)},  // never the password
          {"connected", ctx_ != nullptr},
          {"errors", errors_},
          {"reconnects", reconnects_},
          {"lastError", last_error_}};
}

}  // namespace cc::gen
