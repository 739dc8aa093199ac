// Response cache: key derivation, memory LRU (bytes + TTL, injectable clock), disk tier
// (atomic writes, corrupt/truncated/expired entries, size cap), tier promotion.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "generation/cache/cache.h"
#include "generation/cache/disk_cache.h"
#include "generation/cache/memory_cache.h"

namespace cc::gen {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

GenerationRequest request(const std::string& text) {
  GenerationRequest r;
  r.messages = {{"system", "be brief"}, {"user", text}};
  r.model = "m";
  r.temperature = 0;
  return r;
}

CachedAnswer answer(const std::string& text) {
  CachedAnswer a;
  a.text = text;
  a.backend = "ollama";
  a.endpoint = "local";
  a.model = "m";
  a.tier = Tier::Quality;
  return a;
}

class TempDir {
 public:
  TempDir() {
    path_ = fs::temp_directory_path() / ("cc-cache-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++));
    fs::remove_all(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }

 private:
  static inline int counter_ = 0;
  fs::path path_;
};

TEST(CacheKey, Sha256MatchesKnownVectors) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(sha256_hex(std::string(1000000, 'a')), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(CacheKey, DependsOnEveryParameterThatChangesTheAnswer) {
  auto base = request("hello");
  auto key = cache_key(base);
  EXPECT_EQ(key.size(), 64u);
  EXPECT_EQ(key, cache_key(request("hello")));
  auto changed = [&](auto mutate) {
    auto r = base;
    mutate(r);
    return cache_key(r) != key;
  };
  EXPECT_TRUE(changed([](GenerationRequest& r) { r.model = "other"; }));
  EXPECT_TRUE(changed([](GenerationRequest& r) { r.voice = "security"; }));
  EXPECT_TRUE(changed([](GenerationRequest& r) { r.messages[1].content = "hello!"; }));
  EXPECT_TRUE(changed([](GenerationRequest& r) { r.messages[0].role = "user"; }));
  EXPECT_TRUE(changed([](GenerationRequest& r) { r.prompt = "x"; }));
  EXPECT_TRUE(changed([](GenerationRequest& r) { r.suffix = "y"; }));
  EXPECT_TRUE(changed([](GenerationRequest& r) { r.temperature = 0.5; }));
  EXPECT_TRUE(changed([](GenerationRequest& r) { r.max_tokens = 7; }));
  EXPECT_TRUE(changed([](GenerationRequest& r) { r.stop = {"\n"}; }));
  EXPECT_TRUE(changed([](GenerationRequest& r) { r.seed = 1; }));
  // Scheduling hints do not change the answer.
  EXPECT_FALSE(changed([](GenerationRequest& r) { r.priority = Priority::Background; }));
  EXPECT_FALSE(changed([](GenerationRequest& r) { r.stream = false; }));
}

TEST(CacheKey, PolicyCachesOnlyReproducibleCompleteAnswers) {
  auto r = request("x");
  EXPECT_TRUE(cacheable_request(r, false));
  r.temperature = 0.7;
  EXPECT_FALSE(cacheable_request(r, false));  // a sampled answer is one random draw
  EXPECT_TRUE(cacheable_request(r, true));
  r.seed = 42;
  EXPECT_TRUE(cacheable_request(r, false));
  r.use_cache = false;
  EXPECT_FALSE(cacheable_request(r, true));

  GenerationResult ok;
  ok.text = "t";
  ok.finish_reason = "stop";
  EXPECT_TRUE(cacheable_result(ok));
  auto cut = ok;
  cut.finish_reason = "length";
  EXPECT_FALSE(cacheable_result(cut));
  auto failed = ok;
  failed.error = ErrorKind::Timeout;
  EXPECT_FALSE(cacheable_result(failed));
}

TEST(CacheEntry, RoundTripsAndRejectsExpiredForeignOrCorrupt) {
  auto bytes = encode_entry("k", answer("hi \xff bytes"), 2000);
  auto back = decode_entry(bytes, "k", 1000);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->backend, "ollama");
  EXPECT_EQ(back->tier, Tier::Quality);
  EXPECT_FALSE(decode_entry(bytes, "k", 2000));                         // expired
  EXPECT_FALSE(decode_entry(bytes, "other", 1000));                     // another key's file
  EXPECT_FALSE(decode_entry(bytes.substr(0, bytes.size() / 2), "k", 1000));  // truncated
  EXPECT_FALSE(decode_entry("not json", "k", 1000));
  EXPECT_FALSE(decode_entry("{\"format\":\"codecrucible-response/1\",\"key\":\"k\",\"expires\":\"x\"}", "k", 0));
}

TEST(MemoryCache, EvictsLeastRecentlyUsedByBytes) {
  auto one = MemoryCache::entry_bytes("k1", answer(std::string(100, 'a')));
  MemoryCache cache(one * 2 + one / 2, 1h);  // room for two entries
  cache.put("k1", answer(std::string(100, 'a')));
  cache.put("k2", answer(std::string(100, 'b')));
  ASSERT_TRUE(cache.get("k1"));  // k1 is now the most recently used
  cache.put("k3", answer(std::string(100, 'c')));
  EXPECT_TRUE(cache.get("k1"));
  EXPECT_FALSE(cache.get("k2"));  // least recently used went
  EXPECT_TRUE(cache.get("k3"));
  EXPECT_LE(cache.bytes(), one * 2 + one / 2);
  EXPECT_EQ(cache.status()["evictions"], 1);
}

TEST(MemoryCache, LargeEntriesEvictSeveralSmallOnesAndOversizedAreSkipped) {
  auto small = MemoryCache::entry_bytes("s0", answer("x"));
  MemoryCache cache(small * 4, 1h);
  for (int i = 0; i < 4; ++i) cache.put("s" + std::to_string(i), answer("x"));
  EXPECT_EQ(cache.entries(), 4u);
  cache.put("big", answer(std::string(small * 2, 'y')));
  EXPECT_TRUE(cache.get("big"));
  EXPECT_LE(cache.bytes(), small * 4);
  EXPECT_LT(cache.entries(), 4u);
  cache.put("huge", answer(std::string(small * 10, 'z')));
  EXPECT_FALSE(cache.get("huge"));
  EXPECT_TRUE(cache.get("big"));  // not flushed for an entry that can never fit
}

TEST(MemoryCache, ExpiresAfterTtlWithInjectedClock) {
  auto now = std::chrono::steady_clock::time_point{} + 1h;
  MemoryCache cache(1 << 20, 10s, [&] { return now; });
  cache.put("k", answer("v"));
  now += 9s;
  EXPECT_TRUE(cache.get("k"));
  now += 1s;
  EXPECT_FALSE(cache.get("k"));
  EXPECT_EQ(cache.entries(), 0u);
  EXPECT_EQ(cache.bytes(), 0u);
}

TEST(MemoryCache, ReplacingAKeyKeepsByteAccountingExact) {
  MemoryCache cache(1 << 20, 1h);
  cache.put("k", answer(std::string(1000, 'a')));
  cache.put("k", answer("b"));
  EXPECT_EQ(cache.entries(), 1u);
  EXPECT_EQ(cache.bytes(), MemoryCache::entry_bytes("k", answer("b")));
  EXPECT_EQ(cache.get("k")->text, "b");
}

TEST(DiskCache, PersistsAcrossInstancesWithAtomicWrites) {
  TempDir dir;
  std::string key = cache_key(request("persist"));
  {
    DiskCache cache(dir.path(), 1 << 20, 1h);
    ASSERT_TRUE(cache.usable());
    cache.put(key, answer("saved"));
  }
  DiskCache reopened(dir.path(), 1 << 20, 1h);
  auto hit = reopened.get(key);
  ASSERT_TRUE(hit);
  EXPECT_EQ(hit->text, "saved");
  EXPECT_EQ(reopened.status()["entries"], 1);
  // No temp files are left behind by a completed write.
  for (const auto& e : fs::recursive_directory_iterator(dir.path()))
    EXPECT_EQ(e.path().filename().string().rfind(".tmp-", 0), std::string::npos) << e.path();
}

TEST(DiskCache, CorruptOrTruncatedEntriesAreIgnoredAndRemoved) {
  TempDir dir;
  DiskCache cache(dir.path(), 1 << 20, 1h);
  std::string key = cache_key(request("corrupt"));
  cache.put(key, answer("good answer"));
  auto path = cache.path_for(key);
  ASSERT_TRUE(fs::exists(path));
  auto full = fs::file_size(path);
  fs::resize_file(path, full / 2);  // a torn write from a crashed process
  EXPECT_FALSE(cache.get(key));
  EXPECT_FALSE(fs::exists(path));
  EXPECT_EQ(cache.status()["removedCorrupt"], 1);

  std::string key2 = cache_key(request("garbage"));
  fs::create_directories(cache.path_for(key2).parent_path());
  std::ofstream(cache.path_for(key2)) << "\x01\x02 garbage";
  EXPECT_FALSE(cache.get(key2));
  EXPECT_FALSE(fs::exists(cache.path_for(key2)));
}

TEST(DiskCache, StaleTempFilesFromDeadWritersAreCleanedAtStartup) {
  TempDir dir;
  fs::create_directories(dir.path() / "ab");
  std::ofstream(dir.path() / "ab" / ".tmp-1-0-abc") << "partial";
  DiskCache cache(dir.path(), 1 << 20, 1h);
  EXPECT_FALSE(fs::exists(dir.path() / "ab" / ".tmp-1-0-abc"));
}

TEST(DiskCache, ExpiredEntriesAreMissesWithInjectedClock) {
  TempDir dir;
  std::int64_t now = 1'000'000;
  DiskCache cache(dir.path(), 1 << 20, 1000ms, [&] { return now; });
  std::string key = cache_key(request("ttl"));
  cache.put(key, answer("v"));
  now += 999;
  EXPECT_TRUE(cache.get(key));
  now += 1;
  EXPECT_FALSE(cache.get(key));
}

TEST(DiskCache, SizeCapEvictsOldestEntries) {
  TempDir dir;
  std::int64_t now = 1'000'000;
  std::string probe = encode_entry(std::string(64, '0'), answer(std::string(500, 'x')), 0);
  DiskCache cache(dir.path(), probe.size() * 3 + 10, 1h, [&] { return now; });
  std::vector<std::string> keys;
  for (int i = 0; i < 4; ++i) {
    keys.push_back(cache_key(request("entry" + std::to_string(i))));
    cache.put(keys.back(), answer(std::string(500, 'x')));
    now += 10;
  }
  EXPECT_FALSE(cache.get(keys[0]));  // oldest evicted
  EXPECT_TRUE(cache.get(keys[3]));
  EXPECT_LE(cache.status()["bytes"].get<std::uint64_t>(), probe.size() * 3 + 10);
  EXPECT_GE(cache.status()["evictions"].get<int>(), 1);
}

TEST(DiskCache, UnusableDirectoryDisablesTheTierWithoutFailing) {
  TempDir dir;
  fs::create_directories(dir.path());
  std::ofstream(dir.path() / "file") << "x";
  DiskCache cache(dir.path() / "file" / "sub", 1 << 20, 1h);
  EXPECT_FALSE(cache.usable());
  std::string key = cache_key(request("x"));
  cache.put(key, answer("v"));
  EXPECT_FALSE(cache.get(key));
}

TEST(TieredCache, LowerTierHitIsPromotedAndCounted) {
  TempDir dir;
  auto memory = std::make_unique<MemoryCache>(1 << 20, 1h);
  auto* memory_raw = memory.get();
  std::string key = cache_key(request("tiers"));
  {
    DiskCache seed(dir.path(), 1 << 20, 1h);
    seed.put(key, answer("from disk"));
  }
  std::vector<std::unique_ptr<CacheTier>> tiers;
  tiers.push_back(std::move(memory));
  tiers.push_back(std::make_unique<DiskCache>(dir.path(), 1 << 20, 1h));
  TieredCache cache(std::move(tiers));
  EXPECT_FALSE(cache.get_fast(key));
  auto hit = cache.get(key);
  ASSERT_TRUE(hit);
  EXPECT_EQ(hit->text, "from disk");
  EXPECT_TRUE(memory_raw->get(key));  // promoted
  EXPECT_TRUE(cache.get_fast(key));
  EXPECT_FALSE(cache.get(cache_key(request("absent"))));
  auto status = cache.status();
  EXPECT_EQ(status["hits"], 2);
  EXPECT_EQ(status["misses"], 1);
  EXPECT_DOUBLE_EQ(status["hitRate"].get<double>(), 2.0 / 3.0);
  EXPECT_EQ(status["tiers"][0]["name"], "memory");
  EXPECT_EQ(status["tiers"][1]["hits"], 1);
}

}  // namespace
}  // namespace cc::gen
