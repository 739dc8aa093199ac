// Helpers shared by the `codecrucible bench` areas.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <system_error>

#include "bench/areas/bench_area.h"

namespace cc::server::bench {
namespace {

std::string format_target(const char* op, double target, const std::string& unit) {
  char number[32];
  std::snprintf(number, sizeof number, "%.15g", target);  // 1000000, not 1e+06
  return std::string(op) + " " + number + (unit.empty() || unit == "%" ? "" : " ") + unit;
}

}  // namespace

BenchMetric metric_at_least(std::string key, std::string label, double value, std::string unit, double target) {
  std::string text = format_target(">=", target, unit);
  return {std::move(key), std::move(label), value, std::move(unit), std::move(text), value >= target};
}

BenchMetric metric_below(std::string key, std::string label, double value, std::string unit, double target) {
  std::string text = format_target("<", target, unit);
  return {std::move(key), std::move(label), value, std::move(unit), std::move(text), value < target};
}

BenchMetric metric_info(std::string key, std::string label, double value, std::string unit) {
  return {std::move(key), std::move(label), value, std::move(unit), "", std::nullopt};
}

long current_rss_kb() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("VmRSS:", 0) == 0) return std::strtol(line.c_str() + 6, nullptr, 10);
  return -1;
}

double percentile(std::vector<double>& samples, double q) {
  if (samples.empty()) return 0;
  std::sort(samples.begin(), samples.end());
  auto index = static_cast<std::size_t>(std::lround(q * static_cast<double>(samples.size() - 1)));
  return samples[std::min(index, samples.size() - 1)];
}

LatencySummary summarize(std::vector<double> samples) {
  LatencySummary s;
  s.count = samples.size();
  if (samples.empty()) return s;
  s.p50 = percentile(samples, 0.50);
  s.p99 = percentile(samples, 0.99);
  s.max = samples.back();  // sorted by percentile()
  return s;
}

std::string bench_tree_root() {
  namespace fs = std::filesystem;
  std::error_code ec;
  // The newest versioned stdlib: /usr/lib/python3.N with the largest N.
  int best_minor = -1;
  std::string best;
  for (fs::directory_iterator it("/usr/lib", ec), end; !ec && it != end; it.increment(ec)) {
    std::string name = it->path().filename().string();
    if (name.rfind("python3.", 0) != 0) continue;
    char* rest = nullptr;
    long minor = std::strtol(name.c_str() + 8, &rest, 10);
    if (rest == name.c_str() + 8 || *rest != '\0') continue;
    if (minor > best_minor && fs::is_directory(it->path(), ec)) {
      best_minor = static_cast<int>(minor);
      best = it->path().string();
    }
  }
  if (!best.empty()) return best;
  return fs::current_path(ec).string();
}

}  // namespace cc::server::bench
