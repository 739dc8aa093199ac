// Bench area 6: event-loop lag (actual minus expected fire time of a 1 ms timer, re-armed on
// every fire) while a background ThreadPool (as a workspace scan uses) saturates every core
// analysing real files and posting results to the loop, and a fake generation streams tokens
// to the loop at a high rate.
#include <uv.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <system_error>
#include <thread>

#include "analysis/analysis_config.h"
#include "analysis/analyzer.h"
#include "analysis/lang/language.h"
#include "analysis/scan/thread_pool.h"
#include "analysis/scan/workspace_scan.h"
#include "bench/areas/bench_area.h"
#include "server/event_loop.h"

namespace cc::server::bench {
namespace {

namespace fs = std::filesystem;

struct SourceText {
  analysis::Language language;
  std::string text;
};

// Up to `max_bytes` of supported files under root, read once so the load is CPU, not disk.
std::vector<SourceText> load_sources(const fs::path& root, std::uint64_t max_bytes) {
  std::vector<SourceText> out;
  std::uint64_t total = 0;
  std::error_code ec;
  fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec), end;
  for (; !ec && it != end && total < max_bytes; it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    auto language = analysis::language_from_path(it->path().string());
    if (language == analysis::Language::Unknown) continue;
    std::string text, reason;
    if (!analysis::read_source_file(it->path(), 1u << 20, text, reason)) continue;
    total += text.size();
    out.push_back({language, std::move(text)});
  }
  return out;
}

double hr_ms() { return static_cast<double>(uv_hrtime()) / 1e6; }

}  // namespace

BenchArea run_event_loop_area(const BenchOptions& options) {
  BenchArea area;
  area.id = "eventLoop";
  area.title = "Event loop";
  const auto duration = std::chrono::milliseconds(options.quick ? 2000 : 10000);
  const fs::path root = bench_tree_root();
  auto sources = std::make_shared<const std::vector<SourceText>>(load_sources(root, 8u << 20));
  const std::size_t threads = std::max<std::size_t>(1, ThreadPool::default_size());

  std::vector<double> lags;
  lags.reserve(static_cast<std::size_t>(duration.count()) + 16);
  std::atomic<bool> stop{false};
  std::atomic<std::uint64_t> analysed{0}, findings{0}, tokens_posted{0};
  std::uint64_t results_on_loop = 0, tokens_on_loop = 0;
  {
    EventLoop loop;
    ThreadPool pool(threads, ThreadPool::Priority::Background);  // as a workspace scan runs
    const analysis::AnalysisConfig config;
    std::size_t next_file = 0;
    // Each result posted to the loop hands the pool its next file, so the pool stays saturated.
    std::function<void()> submit_next = [&] {
      if (stop.load() || sources->empty()) return;
      const SourceText* source = &(*sources)[next_file++ % sources->size()];
      pool.post([&, source] {
        if (stop.load()) return;
        auto result = analysis::analyze_text(source->text, source->language, config);
        analysed.fetch_add(1);
        findings.fetch_add(result.findings.size());
        loop.post([&] {
          ++results_on_loop;
          submit_next();
        });
      });
    };
    // Twice as many files in flight as workers: none idles while a result is on its way back.
    for (std::size_t i = 0; i < threads * 2; ++i) submit_next();

    // Fake streaming generation: one post per token, ~20,000 tokens/s in bursts of 20.
    std::thread streamer([&] {
      while (!stop.load()) {
        for (int i = 0; i < 20; ++i) {
          loop.post([&] { ++tokens_on_loop; });
          tokens_posted.fetch_add(1);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
      }
    });

    Timer timer(loop);
    const double start = hr_ms();
    double expected = 0;
    std::function<void()> arm = [&] {
      expected = hr_ms() + 1.0;
      timer.start(1, [&] {
        double now = hr_ms();
        lags.push_back(std::max(0.0, now - expected));
        if (now - start >= static_cast<double>(duration.count())) {
          stop.store(true);
          timer.stop();
          loop.close();
          return;
        }
        arm();
      });
    };
    arm();
    loop.run();
    stop.store(true);
    streamer.join();
    pool.wait_idle();
  }

  auto sorted = lags;
  double p50 = percentile(sorted, 0.50), p90 = percentile(sorted, 0.90), p99 = percentile(sorted, 0.99);
  double max = sorted.empty() ? 0 : sorted.back();
  area.metrics.push_back(metric_info("lagP50Ms", "lag p50", p50, "ms"));
  area.metrics.push_back(metric_below("lagP99Ms", "lag p99", p99, "ms", 2));
  area.metrics.push_back(metric_info("lagMaxMs", "lag max", max, "ms"));
  area.metrics.push_back(metric_info("timerFires", "timer fires sampled", static_cast<double>(lags.size()), ""));
  area.metrics.push_back(metric_info("filesAnalysed", "files analysed meanwhile", static_cast<double>(analysed.load()), ""));
  area.metrics.push_back(metric_info("tokensPerSec", "tokens posted to the loop",
                                     static_cast<double>(tokens_posted.load()) / (static_cast<double>(duration.count()) / 1000.0), "/s"));
  // Histogram of lag in 0.25 ms buckets up to 3 ms, then the rest.
  BenchChart histogram{"Lag distribution (timer fires per bucket)", "fires", false, {}};
  const double width = 0.25;
  std::vector<double> buckets(13, 0);
  for (double lag : sorted) buckets[std::min<std::size_t>(12, static_cast<std::size_t>(lag / width))] += 1;
  for (std::size_t i = 0; i < 12; ++i) {
    char label[32];
    std::snprintf(label, sizeof label, "%.2f-%.2f ms", static_cast<double>(i) * width, static_cast<double>(i + 1) * width);
    histogram.points.push_back({label, buckets[i]});
  }
  histogram.points.push_back({">= 3 ms", buckets[12]});
  area.charts.push_back(histogram);
  area.charts.push_back({"Lag percentiles", "ms", false, {{"p50", p50}, {"p90", p90}, {"p99", p99}, {"max", max}}});
  area.details = {{"threads", threads}, {"sourceFiles", sources->size()}, {"findings", findings.load()},
                  {"resultsOnLoop", results_on_loop}, {"tokensOnLoop", tokens_on_loop}, {"seconds", duration.count() / 1000.0}};
  area.notes.push_back("lag = fire time minus (arming time + 1 ms), both uv_hrtime, so it includes the timer's 1 ms granularity; " + std::to_string(threads) +
                       " analysis threads over " + root.string() + ", one loop post per analysed file and per streamed token");
  return area;
}

}  // namespace cc::server::bench
