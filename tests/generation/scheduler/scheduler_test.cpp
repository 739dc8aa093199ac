// Scheduler: priority order, per-endpoint limits, background batching, single-flight,
// bounded queue and cancellation. A gated fake generator makes every ordering deterministic.
#include <algorithm>
#include <gtest/gtest.h>

#include <atomic>
#include <semaphore>

#include "generation/scheduler/scheduler.h"
#include "tests/support/scripted_generator.h"

namespace cc::gen {
namespace {

using testing::Collector;
using testing::ScriptedGenerator;

GenerationRequest ask(const std::string& text, Priority priority = Priority::Normal, const std::string& model = "") {
  GenerationRequest r;
  r.messages = {{"user", text}};
  r.priority = priority;
  r.model = model;
  return r;
}

std::string user_text(const GenerationRequest& r) { return r.messages.empty() ? "" : r.messages.back().content; }

struct Fixture {
  std::shared_ptr<ScriptedGenerator> generator = std::make_shared<ScriptedGenerator>();
  Collector<GenerationResult> done;
  std::unique_ptr<Scheduler> scheduler;

  explicit Fixture(SchedulerConfig config, Scheduler::EndpointResolver resolver = {}) {
    generator->set_gated(true);
    scheduler = std::make_unique<Scheduler>(std::move(config), generator, std::move(resolver));
  }
  void submit(GenerationRequest r, std::string key = "", CancelToken cancel = {}, TokenCallback on_token = {}) {
    scheduler->submit({std::move(r), std::move(key), std::move(on_token), done.callback(), cancel});
  }
};

SchedulerConfig one_worker() {
  SchedulerConfig c;
  c.workers = 1;
  c.batch_window = std::chrono::milliseconds(0);
  return c;
}

TEST(Scheduler, RunsInteractiveBeforeNormalBeforeBackground) {
  Fixture f(one_worker());
  f.submit(ask("blocker"));
  ASSERT_TRUE(f.generator->wait_started(1));
  f.submit(ask("b1", Priority::Background));
  f.submit(ask("n1", Priority::Normal));
  f.submit(ask("i1", Priority::Interactive));
  f.submit(ask("n2", Priority::Normal));
  f.submit(ask("i2", Priority::Interactive));
  f.generator->set_gated(false);
  ASSERT_TRUE(f.done.wait(6));
  std::vector<std::string> order;
  for (const auto& r : f.generator->started()) order.push_back(user_text(r));
  EXPECT_EQ(order, (std::vector<std::string>{"blocker", "i1", "i2", "n1", "n2", "b1"}));
  for (const auto& r : f.done.values()) EXPECT_TRUE(r.ok()) << r.error_message;
  auto metrics = f.scheduler->metrics();
  EXPECT_EQ(metrics["completed"], 6);
  EXPECT_EQ(metrics["waits"]["interactive"]["count"], 2);
}

TEST(Scheduler, RespectsPerEndpointConcurrencyLimits) {
  SchedulerConfig c;
  c.workers = 6;
  c.endpoint_limits = {{"a", 2}, {"b", 1}};
  Fixture f(c, [](const GenerationRequest& r) { return r.model; });
  for (int i = 0; i < 5; ++i) f.submit(ask("a" + std::to_string(i), Priority::Normal, "a"));
  for (int i = 0; i < 3; ++i) f.submit(ask("b" + std::to_string(i), Priority::Normal, "b"));
  ASSERT_TRUE(f.generator->wait_started(3));
  auto status = f.scheduler->status();
  EXPECT_EQ(status["endpoints"]["a"]["limit"], 2);
  EXPECT_EQ(status["endpoints"]["b"]["limit"], 1);
  f.generator->set_gated(false);
  ASSERT_TRUE(f.done.wait(8));
  auto max = f.generator->max_concurrent_by_model();
  EXPECT_EQ(max["a"], 2);
  EXPECT_EQ(max["b"], 1);
}

TEST(Scheduler, SaturatedEndpointDoesNotBlockOtherEndpoints) {
  SchedulerConfig c;
  c.workers = 3;
  c.endpoint_limits = {{"slow", 1}, {"fast", 2}};
  Fixture f(c, [](const GenerationRequest& r) { return r.model; });
  f.submit(ask("slow1", Priority::Interactive, "slow"));
  f.submit(ask("slow2", Priority::Interactive, "slow"));  // waits for the slow slot
  f.submit(ask("fast1", Priority::Normal, "fast"));       // must start despite the queued interactive
  ASSERT_TRUE(f.generator->wait_started(2));
  std::vector<std::string> started;
  for (const auto& r : f.generator->started()) started.push_back(user_text(r));
  // Two workers start them concurrently, so either may reach the backend first.
  std::sort(started.begin(), started.end());
  EXPECT_EQ(started, (std::vector<std::string>{"fast1", "slow1"}));
  f.generator->set_gated(false);
  ASSERT_TRUE(f.done.wait(3));
}

TEST(Scheduler, BackgroundBatchReleasedWhenFullAndBatchesInFlightBounded) {
  SchedulerConfig c;
  c.workers = 8;
  c.batch_max = 4;
  c.batch_window = std::chrono::hours(1);  // only the size closes a batch here
  c.max_batches_in_flight = 1;
  Fixture f(c);
  for (int i = 0; i < 3; ++i) f.submit(ask("bg" + std::to_string(i), Priority::Background));
  EXPECT_EQ(f.scheduler->status()["background"], 3);
  EXPECT_EQ(f.generator->calls(), 0u);
  f.submit(ask("bg3", Priority::Background));  // batch full: all four run together
  ASSERT_TRUE(f.generator->wait_started(4));
  for (int i = 4; i < 8; ++i) f.submit(ask("bg" + std::to_string(i), Priority::Background));
  auto status = f.scheduler->status();
  EXPECT_EQ(status["batchesInFlight"], 1);
  EXPECT_EQ(status["background"], 4);  // second batch held: one batch in flight at most
  EXPECT_EQ(f.generator->calls(), 4u);
  f.generator->release(4);  // first batch finishes → second batch released
  ASSERT_TRUE(f.generator->wait_started(8));
  EXPECT_EQ(f.generator->max_concurrent(), 4);
  f.generator->set_gated(false);
  ASSERT_TRUE(f.done.wait(8));
  EXPECT_EQ(f.scheduler->metrics()["batches"], 2);
}

TEST(Scheduler, BackgroundBatchReleasedWhenWindowCloses) {
  SchedulerConfig c;
  c.workers = 4;
  c.batch_max = 64;
  // Long enough that a stalled test thread (sanitizers, two tests per core) still submits
  // `y` inside the window that `x` opened.
  c.batch_window = std::chrono::milliseconds(500);
  Fixture f(c);
  f.generator->set_gated(false);
  f.submit(ask("x", Priority::Background));
  f.submit(ask("y", Priority::Background));
  ASSERT_TRUE(f.done.wait(2));  // released by the timer, not by size
  EXPECT_EQ(f.scheduler->metrics()["batches"], 1);
}

TEST(Scheduler, SingleFlightSharesOneCallAndStreamsToEveryWaiter) {
  Fixture f(one_worker());
  std::mutex m;
  std::map<int, std::string> streams;
  for (int i = 0; i < 3; ++i)
    f.submit(ask("same"), "key-1", {}, [&, i](std::string_view t) {
      std::lock_guard lock(m);
      streams[i] += t;
    });
  ASSERT_TRUE(f.generator->wait_started(1));
  f.generator->set_gated(false);
  ASSERT_TRUE(f.done.wait(3));
  EXPECT_EQ(f.generator->calls(), 1u);
  for (const auto& r : f.done.values()) EXPECT_EQ(r.text, "answer to: same");
  for (int i = 0; i < 3; ++i) EXPECT_EQ(streams[i], "answer to: same");
  EXPECT_EQ(f.scheduler->metrics()["singleFlightJoins"], 2);
}

// The order in which the generator started the requests, by user text.
std::vector<std::string> start_order(ScriptedGenerator& g) {
  std::vector<std::string> order;
  for (const auto& r : g.started()) order.push_back(user_text(r));
  return order;
}

TEST(Scheduler, InteractiveJoinerLiftsAQueuedBackgroundFlight) {
  SchedulerConfig c = one_worker();
  c.batch_window = std::chrono::hours(1);  // without the lift it would wait for the window
  Fixture f(c);
  f.submit(ask("blocker"));
  ASSERT_TRUE(f.generator->wait_started(1));
  f.submit(ask("n1"));
  f.submit(ask("shared", Priority::Background), "k");
  f.submit(ask("shared", Priority::Interactive), "k");
  EXPECT_EQ(f.scheduler->status()["interactive"], 1);
  EXPECT_EQ(f.scheduler->status()["background"], 0);
  f.generator->set_gated(false);
  ASSERT_TRUE(f.done.wait(4));
  EXPECT_EQ(start_order(*f.generator), (std::vector<std::string>{"blocker", "shared", "n1"}));
  for (const auto& r : f.done.values()) EXPECT_TRUE(r.ok()) << r.error_message;
  auto metrics = f.scheduler->metrics();
  EXPECT_EQ(metrics["promotedByJoin"], 1);
  EXPECT_EQ(metrics["singleFlightJoins"], 1);
  EXPECT_EQ(metrics["waits"]["interactive"]["count"], 1);
}

TEST(Scheduler, JoinerLiftsAReleasedBatchItemAndFreesItsBatchSlot) {
  SchedulerConfig c = one_worker();
  c.batch_max = 1;  // released into a batch at once
  c.max_batches_in_flight = 1;
  Fixture f(c);
  f.submit(ask("blocker"));
  ASSERT_TRUE(f.generator->wait_started(1));
  f.submit(ask("n1"));
  f.submit(ask("shared", Priority::Background), "k");
  f.submit(ask("bg2", Priority::Background));  // held: the one batch slot is taken
  f.submit(ask("shared", Priority::Normal), "k");
  // Lifted out of its batch, "shared" no longer holds the slot: "bg2" gets released.
  EXPECT_EQ(f.scheduler->status()["normal"], 2);
  f.generator->set_gated(false);
  ASSERT_TRUE(f.done.wait(5));
  EXPECT_EQ(start_order(*f.generator), (std::vector<std::string>{"blocker", "n1", "shared", "bg2"}));
  EXPECT_EQ(f.scheduler->metrics()["promotedByJoin"], 1);
}

TEST(Scheduler, LessUrgentJoinerDoesNotLowerAFlight) {
  Fixture f(one_worker());
  f.submit(ask("blocker"));
  ASSERT_TRUE(f.generator->wait_started(1));
  f.submit(ask("shared", Priority::Interactive), "k");
  f.submit(ask("n1"));
  f.submit(ask("shared", Priority::Background), "k");
  EXPECT_EQ(f.scheduler->status()["interactive"], 1);
  f.generator->set_gated(false);
  ASSERT_TRUE(f.done.wait(4));
  EXPECT_EQ(start_order(*f.generator), (std::vector<std::string>{"blocker", "shared", "n1"}));
  EXPECT_EQ(f.scheduler->metrics()["promotedByJoin"], 0);
}

// Emits one token, then waits (bounded) for the test before finishing.
class TwoPhaseGenerator final : public Generator {
 public:
  std::binary_semaphore first_sent{0};
  std::binary_semaphore may_finish{0};
  GenerationResult generate(const GenerationRequest&, const TokenCallback& on_token, const CancelToken&) override {
    on_token("first ");
    first_sent.release();
    (void)may_finish.try_acquire_for(std::chrono::seconds(30));
    on_token("second");
    GenerationResult r;
    r.text = "first second";
    r.finish_reason = "stop";
    return r;
  }
};

TEST(Scheduler, LateJoinerReceivesTokensStreamedBeforeItJoined) {
  auto gen = std::make_shared<TwoPhaseGenerator>();
  Scheduler scheduler(one_worker(), gen);
  Collector<GenerationResult> done;
  std::string early, late;
  scheduler.submit({ask("q"), "k", [&](std::string_view t) { early += t; }, done.callback(), {}});
  ASSERT_TRUE(gen->first_sent.try_acquire_for(std::chrono::seconds(30)));
  scheduler.submit({ask("q"), "k", [&](std::string_view t) { late += t; }, done.callback(), {}});
  gen->may_finish.release();
  ASSERT_TRUE(done.wait(2));
  EXPECT_EQ(early, "first second");
  EXPECT_EQ(late, "first second");
}

TEST(Scheduler, RejectsWithQueueFullWhenBoundReached) {
  SchedulerConfig c = one_worker();
  c.max_queue = 2;
  Fixture f(c);
  f.submit(ask("running"));
  ASSERT_TRUE(f.generator->wait_started(1));
  f.submit(ask("q1"));
  f.submit(ask("q2"));
  f.submit(ask("rejected"));
  ASSERT_TRUE(f.done.wait(1));
  auto first = f.done.values().front();
  EXPECT_EQ(first.error, ErrorKind::QueueFull);
  EXPECT_NE(first.error_message.find("queue is full"), std::string::npos);
  EXPECT_NE(first.error_message.find("maxQueue"), std::string::npos);
  f.generator->set_gated(false);
  ASSERT_TRUE(f.done.wait(4));
  EXPECT_EQ(f.generator->calls(), 3u);
  EXPECT_EQ(f.scheduler->metrics()["rejected"], 1);
}

TEST(Scheduler, CancelledQueuedWorkIsRemovedAndNeverRuns) {
  Fixture f(one_worker());
  f.submit(ask("running"));
  ASSERT_TRUE(f.generator->wait_started(1));
  CancelSource source;
  f.submit(ask("queued"), "", source.token());
  EXPECT_EQ(f.scheduler->status()["normal"], 1);
  source.cancel();
  ASSERT_TRUE(f.done.wait(1));
  EXPECT_EQ(f.done.values()[0].error, ErrorKind::Cancelled);
  EXPECT_EQ(f.scheduler->status()["normal"], 0);
  f.generator->set_gated(false);
  ASSERT_TRUE(f.done.wait(2));
  f.scheduler->shutdown();
  EXPECT_EQ(f.generator->calls(), 1u);
}

TEST(Scheduler, AlreadyCancelledTokenNeverRuns) {
  Fixture f(one_worker());
  CancelSource source;
  source.cancel();
  f.submit(ask("x"), "", source.token());
  ASSERT_TRUE(f.done.wait(1));
  EXPECT_EQ(f.done.values()[0].error, ErrorKind::Cancelled);
  f.scheduler->shutdown();
  EXPECT_EQ(f.generator->calls(), 0u);
}

TEST(Scheduler, CancellingRunningWorkCancelsTheBackendCall) {
  Fixture f(one_worker());
  CancelSource source;
  f.submit(ask("running"), "", source.token());
  ASSERT_TRUE(f.generator->wait_started(1));
  source.cancel();
  ASSERT_TRUE(f.done.wait(1));
  EXPECT_EQ(f.done.values()[0].error, ErrorKind::Cancelled);
  f.scheduler->shutdown();  // joins the worker, which returned because the token fired
  EXPECT_EQ(f.generator->cancelled_calls(), 1);
}

TEST(Scheduler, OneWaiterCancellingDoesNotCancelTheSharedCall) {
  Fixture f(one_worker());
  CancelSource leaving;
  Collector<GenerationResult> staying;
  f.submit(ask("shared"), "k", leaving.token());
  f.scheduler->submit({ask("shared"), "k", {}, staying.callback(), {}});
  ASSERT_TRUE(f.generator->wait_started(1));
  leaving.cancel();
  ASSERT_TRUE(f.done.wait(1));
  EXPECT_EQ(f.done.values()[0].error, ErrorKind::Cancelled);
  f.generator->set_gated(false);
  ASSERT_TRUE(staying.wait(1));
  EXPECT_TRUE(staying.values()[0].ok());
  EXPECT_EQ(staying.values()[0].text, "answer to: shared");
  EXPECT_EQ(f.generator->cancelled_calls(), 0);
}

TEST(Scheduler, TokenCallbackMayCancelItsOwnRequest) {
  auto gen = std::make_shared<ScriptedGenerator>([](const GenerationRequest&) {
    return testing::ScriptedAnswer{{"a", "b", "c", "d"}};
  });
  Scheduler scheduler(one_worker(), gen);
  Collector<GenerationResult> done;
  CancelSource source;
  std::string seen;
  scheduler.submit({ask("x"), "", [&](std::string_view t) {
                      seen += t;
                      if (seen.size() == 2) source.cancel();  // re-entrant cancel from the callback
                    },
                    done.callback(), source.token()});
  ASSERT_TRUE(done.wait(1));
  EXPECT_EQ(done.values()[0].error, ErrorKind::Cancelled);
  EXPECT_EQ(seen, "ab");
}

TEST(Scheduler, ShutdownCancelsQueuedWorkWithExactlyOneCallbackEach) {
  Fixture f(one_worker());
  f.submit(ask("running"));
  ASSERT_TRUE(f.generator->wait_started(1));
  for (int i = 0; i < 5; ++i) f.submit(ask("queued" + std::to_string(i)));
  f.scheduler->shutdown();  // the gated call returns once shutdown cancels its token
  ASSERT_TRUE(f.done.wait(6));
  EXPECT_EQ(f.done.size(), 6u);
  for (const auto& r : f.done.values()) EXPECT_EQ(r.error, ErrorKind::Cancelled);
  EXPECT_EQ(f.generator->calls(), 1u);
  EXPECT_EQ(f.generator->cancelled_calls(), 1);
  f.submit(ask("after"));  // after shutdown: still exactly one callback
  ASSERT_TRUE(f.done.wait(7));
}

TEST(Scheduler, ThrowingCallbacksDoNotKillWorkers) {
  auto gen = std::make_shared<ScriptedGenerator>();
  Scheduler scheduler(one_worker(), gen);
  scheduler.submit({ask("x"), "", [](std::string_view) { throw std::runtime_error("token"); },
                    [](GenerationResult) { throw std::runtime_error("done"); }, {}});
  Collector<GenerationResult> done;
  scheduler.submit({ask("y"), "", {}, done.callback(), {}});
  ASSERT_TRUE(done.wait(1));
  EXPECT_TRUE(done.values()[0].ok());
}

}  // namespace
}  // namespace cc::gen
