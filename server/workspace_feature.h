#pragma once
// `codecrucible.analyzeWorkspace`: analyses every file under the workspace root (honouring
// .gitignore, excludes, the size cap, binary files and links outside the root) with
// work-done progress and cancellation, and publishes diagnostics for each file with findings.
// The scan runs on its own thread and pool so open-document diagnostics stay responsive;
// results are posted to the loop in chunks.
#include <atomic>
#include <memory>
#include <set>
#include <string>
#include <thread>

#include "server/diagnostics_feature.h"
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

  Server& server_;
  DiagnosticsFeature& diagnostics_;
  ProgressFeature& progress_;
  std::thread runner_;
  CancelSource cancel_;
  bool scanning_ = false;
  std::set<std::string> published_;  // URIs the last scan published diagnostics for
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace cc::server
