// Load (issue 7).
//
// LoadFlood: a client sends 10,000 didChange/s for 60 s to the real binary with diagnostics on,
// probing the loop with codecrucible/metrics (answered at once by the loop: its round trip is
// the loop lag as the client sees it) and codecrucible/sync, and sampling RSS. It prints the
// figures; it asserts correctness only (every probe answered, the final diagnostics match the
// final text, memory bounded), never timing. Long: it runs only under its own ctest entry
// (label `load`, CC_LOAD_RUN=1); CC_LOAD_SECONDS and CC_LOAD_RATE override duration and rate.
//
// LoadQueue: 1,000 AI requests queued at once against a fake backend with few slots: all
// answered, none lost, dispatched in priority order (engine over HTTP), and 1,000
// codeAction/resolve requests through the server all answered.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdlib>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "bench/areas/bench_area.h"
#include "generation/engine.h"
#include "tests/support/scripted_generator.h"
#include "tests/server/hardening_support.h"

using namespace cc::testing;  // the shared harness in hardening_support.h

namespace {

using Clock = std::chrono::steady_clock;

int env_int(const char* name, int fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::max(1, std::atoi(v)) : fallback;
}

using cc::server::bench::summarize;

constexpr int kLines = 200;
const std::string kBreak = "breakpoint()";   // a debug-leftover finding
const std::string kQuiet = "pass  # fine";   // the same length, no finding

std::string change_frame(const std::string& uri, int version, int line, const std::string& text) {
  std::string body = R"({"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":")" + uri +
                     R"(","version":)" + std::to_string(version) + R"(},"contentChanges":[{"range":{"start":{"line":)" +
                     std::to_string(line) + R"(,"character":0},"end":{"line":)" + std::to_string(line) +
                     R"(,"character":12}},"text":")" + text + R"("}]}})";
  return cc::protocol::encode_frame(body);
}

}  // namespace

TEST(LoadFlood, TenThousandDidChangePerSecondWithDiagnostics) {
  if (!std::getenv("CC_LOAD_RUN") && !std::getenv("CC_LOAD_SECONDS"))
    GTEST_SKIP() << "long load test: run `ctest -L load` (or set CC_LOAD_SECONDS)";
  const int seconds = env_int("CC_LOAD_SECONDS", 60);
  const int rate = env_int("CC_LOAD_RATE", 10000);
  const int per_tick = std::max(1, rate / 100);  // 10 ms ticks

  EditorSession::Options o;
  o.capabilities = json{{"textDocument", {{"publishDiagnostics", {{"versionSupport", true}}}}}};
  o.init_options = json{{"ai", {{"enabled", false}}}};
  o.wait_for_status = false;
  EditorSession s(o);
  const std::string uri = "file:///w/load.py";
  std::vector<bool> is_break(kLines, false);
  std::string text;
  for (int i = 0; i < kLines; ++i) text += kQuiet + "\n";
  s.open(uri, text);
  ASSERT_TRUE(s.sync());
  const long rss_before = proc_status_kb(s.p.pid(), "VmRSS");

  // The reader owns every receive; the sender (this thread) owns every send.
  std::mutex mutex;
  std::map<std::string, Clock::time_point> sent_at;
  std::vector<double> metrics_rtt_ms, sync_rtt_ms;
  std::atomic<bool> done{false};
  std::atomic<std::size_t> publishes{0};
  std::optional<json> last_publish;
  std::thread reader([&] {
    while (!done) {
      auto m = s.p.next(std::chrono::milliseconds(100));
      if (!m) continue;
      if (m->value("method", "") == "textDocument/publishDiagnostics") {
        ++publishes;
        std::lock_guard lock(mutex);
        if ((*m)["params"]["uri"] == uri) last_publish = (*m)["params"];
        continue;
      }
      if (!m->contains("id") || m->contains("method") || !(*m)["id"].is_string()) continue;
      std::string id = (*m)["id"];
      std::lock_guard lock(mutex);
      auto it = sent_at.find(id);
      if (it == sent_at.end()) continue;
      double ms = std::chrono::duration<double, std::milli>(Clock::now() - it->second).count();
      (id[0] == 'm' ? metrics_rtt_ms : sync_rtt_ms).push_back(ms);
      sent_at.erase(it);
      if (id == "s-final") done = true;
    }
  });

  std::mt19937 rng(99);
  int version = 1;
  std::size_t changes = 0, probes = 0;
  long rss_peak_sampled = rss_before;
  std::vector<long> rss_samples;
  const auto start = Clock::now();
  const int ticks = seconds * 100;
  for (int tick = 0; tick < ticks; ++tick) {
    std::string batch;
    for (int k = 0; k < per_tick; ++k) {
      int line = static_cast<int>(rng() % kLines);
      is_break[static_cast<std::size_t>(line)] = !is_break[static_cast<std::size_t>(line)];
      batch += change_frame(uri, ++version, line, is_break[static_cast<std::size_t>(line)] ? kBreak : kQuiet);
      ++changes;
    }
    auto probe = [&](const std::string& id, const char* method) {
      {
        std::lock_guard lock(mutex);
        sent_at[id] = Clock::now();
      }
      s.p.request(id, method);
      ++probes;
    };
    s.p.send_raw(batch);
    if (tick % 10 == 0) {
      probe("m-" + std::to_string(tick), "codecrucible/metrics");
      long rss = proc_status_kb(s.p.pid(), "VmRSS");
      rss_samples.push_back(rss);
      rss_peak_sampled = std::max(rss_peak_sampled, rss);
    }
    if (tick % 50 == 25) probe("s-" + std::to_string(tick), "codecrucible/sync");
    // Pacing of the load generator (not a synchronisation): the next 10 ms tick.
    std::this_thread::sleep_until(start + std::chrono::milliseconds(10 * (tick + 1)));
  }
  const double send_seconds = std::chrono::duration<double>(Clock::now() - start).count();
  {
    std::lock_guard lock(mutex);
    sent_at["s-final"] = Clock::now();
  }
  s.p.request("s-final", "codecrucible/sync");
  ++probes;
  // Bounded: the reader stops at the final sync answer or after this wait.
  for (int i = 0; i < 1200 && !done; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  const bool finished = done.load();
  done = true;
  reader.join();
  ASSERT_TRUE(finished) << "the final codecrucible/sync was never answered";

  const long rss_after = proc_status_kb(s.p.pid(), "VmRSS");
  const long hwm = proc_status_kb(s.p.pid(), "VmHWM");
  auto lag = summarize(metrics_rtt_ms);
  auto sync = summarize(sync_rtt_ms);
  std::printf("[ figures ] didChange flood: %zu changes in %.1f s (%.0f/s sent, target %d/s), %zu publishes\n", changes, send_seconds,
              static_cast<double>(changes) / send_seconds, rate, publishes.load());
  std::printf("[ figures ] loop lag (codecrucible/metrics round trip) p50 %.2f ms, p99 %.2f ms, max %.2f ms over %zu probes\n",
              lag.p50, lag.p99, lag.max, lag.count);
  std::printf("[ figures ] codecrucible/sync round trip p50 %.2f ms, p99 %.2f ms, max %.2f ms over %zu probes\n", sync.p50, sync.p99,
              sync.max, sync.count);
  std::printf("[ figures ] RSS before %ld kB, peak %ld kB (VmHWM; sampled peak %ld kB), after %ld kB\n", rss_before, hwm,
              rss_peak_sampled, rss_after);

  // Every probe answered, exactly once.
  EXPECT_EQ(lag.count + sync.count, probes);
  EXPECT_TRUE(sent_at.empty()) << sent_at.size() << " probes never answered";
  // No edit lost or reordered: the final diagnostics are exactly the final text's findings.
  ASSERT_TRUE(last_publish) << "no diagnostics published";
  EXPECT_EQ((*last_publish)["version"], version) << "the last diagnostics are for an older version";
  std::set<int> expected, got;
  for (int i = 0; i < kLines; ++i)
    if (is_break[static_cast<std::size_t>(i)]) expected.insert(i);
  for (const auto& d : (*last_publish)["diagnostics"])
    if (d.value("code", "") == "debug-leftover") got.insert(d["range"]["start"]["line"].get<int>());
  EXPECT_EQ(got, expected);
  // Bounded memory: the document is 2.6 kB; the server must not keep a backlog.
  if (cc::testing::kMemoryBoundsApply) {
    EXPECT_LT(hwm - rss_before, 512 * 1024) << "peak grew by " << (hwm - rss_before) << " kB";
    EXPECT_LT(rss_after - rss_before, 64 * 1024) << "RSS grew by " << (rss_after - rss_before) << " kB";
  }
}

TEST(LoadQueue, ThousandQueuedAiRequestsAreAllAnsweredInPriorityOrder) {
  FakeBackendServer ollama(WireFormat::Ollama);
  Script gate;  // holds the only slot until every request is queued
  gate.hang_before_headers = true;
  ollama.push(gate);
  Script ok;
  ok.tokens = {"ok"};
  ollama.set_default(ok);

  cc::gen::EngineConfig config;
  config.backend.endpoints = {cc::gen::EndpointConfig{"slots", cc::gen::BackendKind::Ollama, ollama.url(), cc::gen::Tier::Quality, "m", 1, "", "15m"}};
  config.backend.timeouts.connect = std::chrono::milliseconds(500);
  config.backend.breaker.failure_threshold = 1000;
  config.cache.enabled = false;
  config.scheduler.max_queue = 5000;
  config.scheduler.workers = 4;
  cc::gen::Engine engine(config);

  auto request = [](const std::string& text, cc::gen::Priority priority) {
    cc::gen::GenerationRequest r;
    r.messages = {{"user", text}};
    r.priority = priority;
    r.temperature = 0;
    r.use_cache = false;
    return r;
  };
  cc::testing::Collector<cc::gen::GenerationResult> gate_done;
  engine.submit(request("gate request", cc::gen::Priority::Interactive), {}, gate_done.callback());
  ASSERT_TRUE(ollama.wait_for_hung(1));

  constexpr int kRequests = 1000;
  const cc::gen::Priority priorities[] = {cc::gen::Priority::Background, cc::gen::Priority::Normal, cc::gen::Priority::Interactive};
  std::mutex mutex;
  std::map<int, cc::gen::GenerationResult> results;
  std::map<int, int> callbacks;
  std::condition_variable cv;
  const auto start = Clock::now();
  for (int i = 0; i < kRequests; ++i) {
    engine.submit(request("job-" + std::to_string(i) + "-end", priorities[i % 3]), {}, [&, i](cc::gen::GenerationResult r) {
      std::lock_guard lock(mutex);
      ++callbacks[i];
      results[i] = std::move(r);
      cv.notify_all();
    });
  }
  ollama.release_hangs();
  {
    std::unique_lock lock(mutex);
    ASSERT_TRUE(cv.wait_for(lock, std::chrono::seconds(180), [&] { return results.size() == kRequests; }))
        << results.size() << " of " << kRequests << " answered";
  }
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  ASSERT_TRUE(gate_done.wait(1));

  // None lost: one answer each, every one a success.
  std::size_t failed = 0;
  for (int i = 0; i < kRequests; ++i) {
    EXPECT_EQ(callbacks[i], 1) << "request " << i;
    if (!results[i].ok()) ++failed;
  }
  EXPECT_EQ(failed, 0u);
  // Priority order at the backend: interactive, then normal, then background; FIFO within each.
  std::vector<int> order;
  for (const auto& r : ollama.generation_requests()) {
    std::string input = cc::testing::model_input(r);
    auto at = input.find("job-");
    if (at == std::string::npos) continue;
    order.push_back(std::atoi(input.c_str() + at + 4));
  }
  ASSERT_EQ(order.size(), static_cast<std::size_t>(kRequests)) << "every request reached the backend exactly once";
  auto rank = [&](int i) { return 2 - i % 3; };  // interactive 0, normal 1, background 2
  int inversions = 0;
  for (std::size_t k = 1; k < order.size(); ++k) {
    bool ok_order = rank(order[k - 1]) < rank(order[k]) || (rank(order[k - 1]) == rank(order[k]) && order[k - 1] < order[k]);
    if (!ok_order) ++inversions;
  }
  EXPECT_EQ(inversions, 0) << "first dispatched: " << order[0] << ", " << order[1] << ", " << order[2];
  auto metrics = engine.metrics();
  std::printf("[ figures ] 1000 queued AI requests, 1 slot: all answered in %.2f s; scheduler %s\n", seconds,
              metrics.value("scheduler", json::object()).dump().c_str());
}

TEST(LoadQueue, ThousandCodeActionResolvesThroughTheServerAreAllAnswered) {
  FakeBackendServer ollama(WireFormat::Ollama);
  Script answer;
  answer.tokens = {"```python\n", "def add(a, b):\n", "    return a + b\n", "```\n"};
  ollama.set_default(answer);
  EditorSession::Options o;
  o.capabilities = cc::testing::editor_caps(true);
  o.capabilities["window"]["workDoneProgress"] = false;
  o.init_options = backend_options({ollama.url()}, 20000, /*max_concurrent=*/2);
  o.init_options["generation"]["scheduler"] = {{"maxQueue", 5000}};
  EditorSession s(o);
  const std::string uri = "file:///w/queue.py";
  s.open(uri, "def add(a, b):\n    return a + b\n");
  json action = find_action(s.actions(uri, range_json(0, 0, 0, 0))["result"], "Refactor");
  ASSERT_FALSE(action.is_null());
  const long rss_before = proc_status_kb(s.p.pid(), "VmRSS");
  const int kRequests = env_int("CC_QUEUE_REQUESTS", 1000);
  const auto start = Clock::now();
  // Sent all at once by a writer thread while this thread reads, as an editor does (the
  // server writes its output synchronously: a client that never reads would stall it).
  std::thread writer([&] {
    for (int i = 0; i < kRequests; ++i) s.p.request("r-" + std::to_string(i), "codeAction/resolve", action);
  });
  struct Join {
    std::thread& t;
    ~Join() { t.join(); }
  } join{writer};
  std::set<std::string> answered;
  int errors = 0;
  while (answered.size() < static_cast<std::size_t>(kRequests)) {
    auto m = s.p.wait_for([&](const json& m) {
      s.answer(m);
      return m.contains("id") && !m.contains("method") && m["id"].is_string() && m["id"].get<std::string>().rfind("r-", 0) == 0;
    }, std::chrono::seconds(120));
    ASSERT_TRUE(m) << answered.size() << " of " << kRequests << " answered";
    EXPECT_TRUE(answered.insert((*m)["id"].get<std::string>()).second) << "answered twice: " << m->dump();
    if (!m->contains("result") || !(*m)["result"].contains("edit")) ++errors;
  }
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  EXPECT_EQ(errors, 0);
  // Identical requests in flight at the same time share one backend call (single-flight).
  const std::size_t backend_calls = ollama.generation_requests().size();
  EXPECT_GE(backend_calls, 1u);
  EXPECT_LE(backend_calls, static_cast<std::size_t>(kRequests));
  EXPECT_TRUE(s.sync());
  std::printf("[ figures ] %d codeAction/resolve through the server, 2 slots: all answered in %.2f s, %zu backend calls; "
              "VmRSS before %ld kB, after %ld kB, VmHWM %ld kB\n",
              kRequests, seconds, backend_calls, rss_before, proc_status_kb(s.p.pid(), "VmRSS"), proc_status_kb(s.p.pid(), "VmHWM"));
}
