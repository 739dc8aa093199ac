// EventLoop::post from worker threads: every task runs once, on the loop thread, in each
// poster's order, with no wake-up lost between a drain and the next post. Waits are bounded by
// a watchdog timer that closes the loop and fails instead of hanging.
#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "analysis/scan/background_priority.h"
#include "server/event_loop.h"

using cc::server::EventLoop;
using cc::server::Timer;

namespace {

// Runs the loop until `done` closes it, or fails after 30 s.
void run_with_watchdog(EventLoop& loop, bool& timed_out) {
  Timer watchdog(loop);
  watchdog.start(30000, [&] {
    timed_out = true;
    loop.close();
  });
  loop.run();
}

struct PostCounts {
  std::vector<int> last_seen;  // per poster: the sequence number of its last task run
  int total = 0;
  bool out_of_order = false;
  bool off_loop_thread = false;
};

// `posters` threads post `each` tasks; with `background`, the posters run at background
// priority (as a workspace scan's workers do).
PostCounts post_from_threads(int posters, int each, bool background) {
  EventLoop loop;
  PostCounts counts;
  counts.last_seen.assign(static_cast<std::size_t>(posters), -1);
  const auto loop_thread = std::this_thread::get_id();
  const int expected = posters * each;
  bool timed_out = false;
  std::vector<std::thread> threads;
  for (int p = 0; p < posters; ++p)
    threads.emplace_back([&, p] {
      if (background) cc::lower_current_thread_priority();
      for (int i = 0; i < each; ++i)
        loop.post([&, p, i] {
          if (std::this_thread::get_id() != loop_thread) counts.off_loop_thread = true;
          auto& last = counts.last_seen[static_cast<std::size_t>(p)];
          if (i != last + 1) counts.out_of_order = true;
          last = i;
          if (++counts.total == expected) loop.close();
        });
    });
  run_with_watchdog(loop, timed_out);
  for (auto& t : threads) t.join();
  EXPECT_FALSE(timed_out) << "only " << counts.total << " of " << expected << " tasks ran";
  return counts;
}

}  // namespace

TEST(EventLoop, PostsFromManyThreadsAllRunOnTheLoopThreadInOrder) {
  auto counts = post_from_threads(4, 20000, false);
  EXPECT_EQ(counts.total, 80000);
  EXPECT_FALSE(counts.out_of_order);
  EXPECT_FALSE(counts.off_loop_thread);
}

TEST(EventLoop, PostsFromBackgroundPriorityThreadsAllRun) {
  auto counts = post_from_threads(2, 20000, true);
  EXPECT_EQ(counts.total, 40000);
  EXPECT_FALSE(counts.out_of_order);
}

TEST(EventLoop, TaskPostedFromTheLoopRunsOnALaterDrain) {
  EventLoop loop;
  bool timed_out = false;
  int chain = 0;
  std::function<void()> step = [&] {
    // Each step posts the next one from inside a drain: the queue was just emptied, so this
    // post must wake the loop again.
    if (++chain == 1000) loop.close();
    else loop.post(step);
  };
  loop.post(step);
  run_with_watchdog(loop, timed_out);
  EXPECT_FALSE(timed_out);
  EXPECT_EQ(chain, 1000);
}

TEST(EventLoop, PostAfterCloseIsRefusedAndNeverRuns) {
  EventLoop loop;
  bool ran_late = false;
  bool accepted_late = true;
  loop.post([&] {
    loop.close();
    accepted_late = loop.post([&] { ran_late = true; });
  });
  bool timed_out = false;
  run_with_watchdog(loop, timed_out);
  EXPECT_FALSE(timed_out);
  EXPECT_FALSE(accepted_late);
  EXPECT_FALSE(ran_late);
}

TEST(EventLoop, TasksQueuedBeforeCloseStillRun) {
  EventLoop loop;
  bool ran = false;
  loop.post([&] { loop.close(); });
  std::thread worker([&] { loop.post([&] { ran = true; }); });  // queued behind the close
  worker.join();
  bool timed_out = false;
  run_with_watchdog(loop, timed_out);
  EXPECT_FALSE(timed_out);
  EXPECT_TRUE(ran);
}
