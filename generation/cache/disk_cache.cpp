#include "generation/cache/disk_cache.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <vector>

#include <spdlog/spdlog.h>

namespace cc::gen {

namespace fs = std::filesystem;

namespace {
bool is_key(const std::string& s) {
  return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}
}  // namespace

DiskCache::DiskCache(fs::path dir, std::uint64_t max_bytes, std::chrono::milliseconds ttl, UnixClock clock)
    : dir_(std::move(dir)), max_bytes_(max_bytes), ttl_(ttl), clock_(clock ? std::move(clock) : UnixClock(unix_now_ms)) {
  std::error_code ec;
  fs::create_directories(dir_, ec);
  usable_ = !ec && fs::is_directory(dir_, ec);
  if (!usable_) {
    spdlog::warn("response cache: cannot use directory {} ({}); disk caching disabled", dir_.string(), ec.message());
    return;
  }
  scan();
}

fs::path DiskCache::path_for(const std::string& key) const { return dir_ / key.substr(0, 2) / (key + ".json"); }

void DiskCache::scan() {
  std::error_code ec;
  std::lock_guard lock(mutex_);
  for (fs::recursive_directory_iterator it(dir_, ec), end; !ec && it != end; it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    const fs::path& p = it->path();
    std::string stem = p.stem().string();
    if (p.extension() == ".json" && is_key(stem)) {
      auto size = it->file_size(ec);
      auto mtime = it->last_write_time(ec);
      auto written = std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::file_clock::to_sys(mtime).time_since_epoch())
                         .count();
      files_[stem] = FileInfo{size, written};
      total_bytes_ += size;
    } else if (p.filename().string().rfind(".tmp-", 0) == 0) {
      fs::remove(p, ec);  // a writer died between write and rename
    }
  }
  evict_locked();
}

std::optional<CachedAnswer> DiskCache::get(const std::string& key) {
  if (!usable_ || !is_key(key)) return std::nullopt;
  auto path = path_for(key);
  std::string bytes;
  {
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) return std::nullopt;
    char buffer[16384];
    std::size_t n;
    while ((n = std::fread(buffer, 1, sizeof buffer, f)) > 0) bytes.append(buffer, n);
    std::fclose(f);
  }
  auto decoded = decode_entry(bytes, key, clock_());
  if (!decoded) {
    // Corrupt, truncated, foreign or expired: drop it so it is not read again.
    std::error_code ec;
    fs::remove(path, ec);
    std::lock_guard lock(mutex_);
    ++removed_corrupt_;
    if (auto it = files_.find(key); it != files_.end()) {
      total_bytes_ -= it->second.bytes;
      files_.erase(it);
    }
  }
  return decoded;
}

void DiskCache::put(const std::string& key, const CachedAnswer& answer) {
  if (!usable_ || !is_key(key)) return;
  std::int64_t now = clock_();
  std::string bytes = encode_entry(key, answer, now + ttl_.count());
  if (bytes.size() > max_bytes_) return;
  auto final_path = path_for(key);
  std::error_code ec;
  fs::create_directories(final_path.parent_path(), ec);
  auto temp_path = final_path.parent_path() /
                   (".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(temp_counter_.fetch_add(1)) + "-" + key);
  bool ok = false;
  {
    std::ofstream out(temp_path, std::ios::binary | std::ios::trunc);
    if (out) {
      out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
      out.flush();
      ok = static_cast<bool>(out);
    }
  }
  if (ok) {
    fs::rename(temp_path, final_path, ec);
    ok = !ec;
  }
  std::lock_guard lock(mutex_);
  if (!ok) {
    fs::remove(temp_path, ec);
    if (write_errors_++ == 0) spdlog::warn("response cache: cannot write {}", final_path.string());
    return;
  }
  auto& info = files_[key];
  total_bytes_ -= info.bytes;
  info = FileInfo{bytes.size(), now};
  total_bytes_ += info.bytes;
  evict_locked();
}

void DiskCache::evict_locked() {
  if (total_bytes_ <= max_bytes_) return;
  std::vector<std::pair<std::int64_t, std::string>> by_age;
  by_age.reserve(files_.size());
  for (const auto& [key, info] : files_) by_age.emplace_back(info.written_ms, key);
  std::sort(by_age.begin(), by_age.end());
  const std::uint64_t target = max_bytes_ / 10 * 9;
  std::error_code ec;
  for (const auto& [written, key] : by_age) {
    if (total_bytes_ <= target) break;
    fs::remove(path_for(key), ec);
    total_bytes_ -= files_[key].bytes;
    files_.erase(key);
    ++evictions_;
  }
}

void DiskCache::clear() {
  std::lock_guard lock(mutex_);
  std::error_code ec;
  for (const auto& [key, info] : files_) fs::remove(path_for(key), ec);
  files_.clear();
  total_bytes_ = 0;
}

nlohmann::json DiskCache::status() const {
  std::lock_guard lock(mutex_);
  return {{"dir", dir_.string()},          {"usable", usable_},     {"entries", files_.size()},
          {"bytes", total_bytes_},          {"maxBytes", max_bytes_}, {"evictions", evictions_},
          {"removedCorrupt", removed_corrupt_}, {"writeErrors", write_errors_}};
}

}  // namespace cc::gen
