// Bench area 1: router decisions per second (cached and uncached, via
// bench/support/router_measures.h) and the share of a realistic task mix routed to each tier.
#include <chrono>
#include <map>
#include <string>

#include "generation/backends/backend_config.h"
#include "generation/router/router.h"
#include "bench/support/router_measures.h"
#include "bench/areas/bench_area.h"

namespace cc::server::bench {
namespace {

using gen::GenerationRequest;
using gen::TaskType;

GenerationRequest chat(TaskType task, std::string text, int files = 1, int lines = 0) {
  GenerationRequest r;
  r.task = task;
  r.messages = {{"user", std::move(text)}};
  r.files_involved = files;
  r.lines_involved = lines;
  return r;
}

std::string repeated(const std::string& unit, int times) {
  std::string out;
  for (int i = 0; i < times; ++i) out += unit;
  return out;
}

// A day of editor traffic, roughly: many completions and small edits, fewer deep questions.
// Each entry: request and how many times it occurs in the mix.
std::vector<std::pair<GenerationRequest, int>> task_mix() {
  const std::string function = "def parse(line):\n    key, _, value = line.partition('=')\n    return key.strip(), value.strip()\n";
  std::vector<std::pair<GenerationRequest, int>> mix;
  GenerationRequest completion;
  completion.task = TaskType::Completion;
  completion.prompt = "def add(a, b):\n    return ";
  completion.suffix = "\n\nprint(add(1, 2))\n";
  mix.push_back({completion, 30});
  mix.push_back({chat(TaskType::Format, "Format this function:\n" + function, 1, 3), 10});
  mix.push_back({chat(TaskType::Edit, "Rename `value` to `setting` in:\n" + function, 1, 3), 15});
  mix.push_back({chat(TaskType::Documentation, "Write a docstring for:\n" + function, 1, 3), 10});
  mix.push_back({chat(TaskType::Explain, "Explain what this does:\n" + function, 1, 3), 8});
  mix.push_back({chat(TaskType::Debugging, "This raises ValueError on empty lines, why and how to fix?\n" + function, 1, 3), 8});
  mix.push_back({chat(TaskType::Review, "Review this change for bugs:\n" + repeated(function, 6), 2, 18), 5});
  mix.push_back({chat(TaskType::Security, "Is this SQL query safe? cursor.execute(\"SELECT * FROM users WHERE name = '\" + name + \"'\")", 1, 1), 4});
  mix.push_back({chat(TaskType::Architecture, "Design a plugin system for the parser with versioned interfaces and isolation between plugins.", 6, 0), 3});
  mix.push_back({chat(TaskType::MultiFile, "Move parse() to utils.py and update every caller.\n" + repeated(function, 10), 5, 30), 3});
  mix.push_back({chat(TaskType::Chat, "Summarise this long module:\n" + repeated(function, 200), 1, 600), 4});
  return mix;
}

}  // namespace

BenchArea run_router_area(const BenchOptions& options) {
  BenchArea area;
  area.id = "router";
  area.title = "Router";
  auto duration = std::chrono::milliseconds(options.quick ? 200 : 1500);
  double cached = gen::measure_router_decisions_per_sec(true, duration);
  double uncached = gen::measure_router_decisions_per_sec(false, duration);
  area.metrics.push_back(metric_at_least("cachedDecisionsPerSec", "decisions/s, cached", cached, "/s", 1'000'000));
  area.metrics.push_back(metric_at_least("uncachedDecisionsPerSec", "decisions/s, uncached", uncached, "/s", 100'000));
  double ndjson_us = gen::measure_parser_token_latency_us(false, options.quick ? 2'000 : 20'000);
  double sse_us = gen::measure_parser_token_latency_us(true, options.quick ? 2'000 : 20'000);
  area.metrics.push_back(metric_info("ndjsonTokenLatencyUs", "NDJSON frame -> token callback", ndjson_us, "µs"));
  area.metrics.push_back(metric_info("sseTokenLatencyUs", "SSE frame -> token callback", sse_us, "µs"));

  // Tier shares over the default backend config (decide() does no I/O).
  gen::Router router(gen::default_backend_config());
  std::map<std::string, int> by_tier;
  std::map<std::string, std::map<std::string, int>> by_task;
  int total = 0, escalatable = 0, fallback = 0;
  const int rounds = options.quick ? 20 : 200;
  auto mix = task_mix();
  for (int round = 0; round < rounds; ++round) {
    for (auto& [request, count] : mix) {
      for (int i = 0; i < count; ++i) {
        auto decision = router.decide(request);
        ++by_tier[gen::to_string(decision.tier)];
        ++by_task[gen::to_string(request.task)][gen::to_string(decision.tier)];
        escalatable += decision.escalatable;
        fallback += decision.fallback;
        ++total;
      }
    }
  }
  for (const char* tier : {"fast", "quality"}) {
    double share = total ? 100.0 * by_tier[tier] / total : 0;
    area.metrics.push_back(metric_info(std::string(tier) + "TierSharePct", std::string("share routed to ") + tier + " tier", share, "%"));
  }
  BenchChart shares{"Share of the task mix per tier", "%", false, {}};
  for (const char* tier : {"fast", "quality"}) shares.points.push_back({tier, total ? 100.0 * by_tier[tier] / total : 0});
  shares.points.push_back({"escalatable (middle band)", total ? 100.0 * escalatable / total : 0});
  area.charts.push_back(shares);
  BenchChart rates{"Decisions per second", "/s", false, {{"cached", cached}, {"uncached", uncached}}};
  area.charts.push_back(rates);
  area.metrics.push_back(metric_info("escalatableSharePct", "share in the escalation band", total ? 100.0 * escalatable / total : 0, "%"));
  nlohmann::json tasks = nlohmann::json::object();
  for (auto& [task, tiers] : by_task) tasks[task] = tiers;
  area.details = {{"decisions", total}, {"fallbackDecisions", fallback}, {"tiersByTask", tasks}};
  area.notes.push_back("decisions/s are per CPU-second of the measuring thread; tier shares over " +
                       std::to_string(total) + " decide() calls on the default backend config (no I/O)");
  return area;
}

}  // namespace cc::server::bench
