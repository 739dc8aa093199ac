// Cache key derivation (SHA-256 over a canonical JSON form), cache policy, and the entry
// encoding shared by the disk and Redis tiers.
#include <array>
#include <chrono>
#include <cstdint>
#include <cstring>

#include "generation/cache/cache.h"
#include "protocol/json_input.h"

namespace cc::gen {

namespace {

// SHA-256 (FIPS 180-4), written from the specification.
class Sha256 {
 public:
  void update(std::string_view data) {
    for (unsigned char c : data) {
      block_[block_len_++] = c;
      if (block_len_ == 64) {
        compress();
        block_len_ = 0;
      }
    }
    total_bits_ += static_cast<std::uint64_t>(data.size()) * 8;
  }

  std::array<std::uint8_t, 32> finish() {
    std::uint64_t bits = total_bits_;
    block_[block_len_++] = 0x80;
    if (block_len_ > 56) {
      while (block_len_ < 64) block_[block_len_++] = 0;
      compress();
      block_len_ = 0;
    }
    while (block_len_ < 56) block_[block_len_++] = 0;
    for (int i = 7; i >= 0; --i) block_[block_len_++] = static_cast<std::uint8_t>(bits >> (i * 8));
    compress();
    std::array<std::uint8_t, 32> out{};
    for (int i = 0; i < 8; ++i)
      for (int b = 0; b < 4; ++b) out[i * 4 + b] = static_cast<std::uint8_t>(h_[i] >> (24 - b * 8));
    return out;
  }

 private:
  static std::uint32_t rotr(std::uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }

  void compress() {
    static constexpr std::uint32_t k[64] = {
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};
    std::uint32_t w[64];
    for (int i = 0; i < 16; ++i)
      w[i] = (std::uint32_t(block_[i * 4]) << 24) | (std::uint32_t(block_[i * 4 + 1]) << 16) |
             (std::uint32_t(block_[i * 4 + 2]) << 8) | std::uint32_t(block_[i * 4 + 3]);
    for (int i = 16; i < 64; ++i) {
      std::uint32_t s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
      std::uint32_t s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
      w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    std::uint32_t a = h_[0], b = h_[1], c = h_[2], d = h_[3], e = h_[4], f = h_[5], g = h_[6], h = h_[7];
    for (int i = 0; i < 64; ++i) {
      std::uint32_t s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
      std::uint32_t ch = (e & f) ^ (~e & g);
      std::uint32_t t1 = h + s1 + ch + k[i] + w[i];
      std::uint32_t s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
      std::uint32_t maj = (a & b) ^ (a & c) ^ (b & c);
      std::uint32_t t2 = s0 + maj;
      h = g;
      g = f;
      f = e;
      e = d + t1;
      d = c;
      c = b;
      b = a;
      a = t1 + t2;
    }
    h_[0] += a; h_[1] += b; h_[2] += c; h_[3] += d;
    h_[4] += e; h_[5] += f; h_[6] += g; h_[7] += h;
  }

  std::uint32_t h_[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                         0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  std::uint8_t block_[64]{};
  std::size_t block_len_ = 0;
  std::uint64_t total_bits_ = 0;
};

std::string dump_lossless(const nlohmann::json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

std::string sha256_hex(std::string_view data) {
  Sha256 h;
  h.update(data);
  auto digest = h.finish();
  static const char* hex = "0123456789abcdef";
  std::string out;
  out.reserve(64);
  for (auto byte : digest) {
    out.push_back(hex[byte >> 4]);
    out.push_back(hex[byte & 15]);
  }
  return out;
}

std::string cache_key(const GenerationRequest& r) {
  // Field names are part of the on-disk/Redis format: change "v" when changing them.
  nlohmann::json messages = nlohmann::json::array();
  for (const auto& m : r.messages) messages.push_back({m.role, m.content});
  nlohmann::json canonical = {
      {"v", 1},
      {"task", to_string(r.task)},
      {"model", r.model},
      {"voice", r.voice},
      {"messages", std::move(messages)},
      {"prompt", r.prompt ? nlohmann::json(*r.prompt) : nlohmann::json()},
      {"suffix", r.suffix ? nlohmann::json(*r.suffix) : nlohmann::json()},
      // Rounded so 0.3 computed two ways still matches.
      {"temperature", static_cast<long long>(r.temperature * 1000 + 0.5)},
      {"maxTokens", r.max_tokens},
      {"stop", r.stop},
      {"seed", r.seed ? nlohmann::json(*r.seed) : nlohmann::json()},
      {"forceTier", r.force_tier ? nlohmann::json(to_string(*r.force_tier)) : nlohmann::json()},
      {"forceProvider", r.force_provider ? nlohmann::json(*r.force_provider) : nlohmann::json()},
  };
  return sha256_hex(dump_lossless(canonical));
}

bool cacheable_request(const GenerationRequest& r, bool cache_sampled) {
  if (!r.use_cache) return false;
  return cache_sampled || r.temperature <= 0.0 || r.seed.has_value();
}

bool cacheable_result(const GenerationResult& r) {
  return r.ok() && r.finish_reason == "stop" && !r.from_cache;
}

CachedAnswer to_cached(const GenerationResult& r) {
  return CachedAnswer{r.text, r.finish_reason, r.backend, r.endpoint, r.model, r.tier, r.completion_tokens};
}

GenerationResult from_cached(const CachedAnswer& a) {
  GenerationResult r;
  r.text = a.text;
  r.finish_reason = a.finish_reason;
  r.backend = a.backend;
  r.endpoint = a.endpoint;
  r.model = a.model;
  r.tier = a.tier;
  r.completion_tokens = a.completion_tokens;
  r.from_cache = true;
  return r;
}

std::int64_t unix_now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string encode_entry(const std::string& key, const CachedAnswer& a, std::int64_t expires_unix_ms) {
  nlohmann::json j = {
      {"format", "codecrucible-response/1"},
      {"key", key},
      {"expires", expires_unix_ms},
      {"text", a.text},
      {"finishReason", a.finish_reason},
      {"backend", a.backend},
      {"endpoint", a.endpoint},
      {"model", a.model},
      {"tier", to_string(a.tier)},
      {"completionTokens", a.completion_tokens},
  };
  return dump_lossless(j);
}

std::optional<CachedAnswer> decode_entry(std::string_view bytes, const std::string& key, std::int64_t now_unix_ms) {
  // A disk file or a Redis value anyone with access may have written: depth-capped parse.
  auto parsed = protocol::parse_untrusted_json(bytes);
  if (!parsed.ok() || !parsed.value.is_object()) return std::nullopt;
  const nlohmann::json& j = parsed.value;
  try {
    if (j.value("format", "") != "codecrucible-response/1") return std::nullopt;
    if (j.at("key").get<std::string>() != key) return std::nullopt;  // a hash collision or a moved file
    if (j.at("expires").get<std::int64_t>() <= now_unix_ms) return std::nullopt;
    CachedAnswer a;
    a.text = j.at("text").get<std::string>();
    a.finish_reason = j.at("finishReason").get<std::string>();
    a.backend = j.value("backend", "");
    a.endpoint = j.value("endpoint", "");
    a.model = j.value("model", "");
    a.tier = j.value("tier", "fast") == "quality" ? Tier::Quality : Tier::Fast;
    a.completion_tokens = j.value("completionTokens", 0);
    return a;
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  }
}

}  // namespace cc::gen
