#pragma once
// `codecrucible.analyzeWorkspace`: analyses every file under the workspace root (honouring
// .gitignore, excludes, the size cap, binary files and links outside the root) with
// work-done progress and cancellation, hands each file's diagnostics to the diagnostics
// feature (which owns what files that are not open show) and answers with counts and a
// one-line summary ("42 findings in 17 files: 5 errors, ...").
// The scan runs on its own thread and a background-priority pool so open-document diagnostics
// stay responsive. Its loop work (publishes, progress, the final reply) goes through an ordered
// outbox that the loop runs in slices of bounded duration, so a scan flooding the loop with
// results never holds it for long: timers and client messages run between slices.
#include <atomic>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "server/features/diagnostics.h"
#include "server/progress.h"

namespace cc::server {

class WorkspaceFeature : public Feature {
 public:
  WorkspaceFeature(Server& server, DiagnosticsFeature& diagnostics, ProgressFeature& progress);
  ~WorkspaceFeature() override;
  void on_shutdown() override;
  bool busy() const override { return scanning_; }

 private:
  void on_analyze(const json& args, Reply reply, const RequestContext& ctx);
  // Any thread: appends loop work; the loop runs it in order.
  void enqueue(std::function<void()> fn);
  // Posts pump() to the loop (pump_posted_ is already set); clears the flag if the loop closed.
  void post_pump();
  // Loop thread: runs outbox items for at most one slice, then yields the loop and continues.
  void pump();

  Server& server_;
  DiagnosticsFeature& diagnostics_;
  ProgressFeature& progress_;
  std::thread runner_;
  CancelSource cancel_;
  bool scanning_ = false;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
  std::mutex outbox_mutex_;
  std::deque<std::function<void()>> outbox_;  // guarded by outbox_mutex_
  bool pump_posted_ = false;                  // guarded by outbox_mutex_
};

}  // namespace cc::server
