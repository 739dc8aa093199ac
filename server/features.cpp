#include "server/features.h"

#include "server/code_action_feature.h"
#include "server/diagnostics_feature.h"
#include "server/progress.h"
#include "server/server.h"

namespace cc::server {

void install_features(Server& server) {
  auto progress = std::make_unique<ProgressFeature>(server);
  auto diagnostics = std::make_unique<DiagnosticsFeature>(server);
  auto actions = std::make_unique<CodeActionFeature>(server, *diagnostics);
  server.add_feature(std::move(progress));
  server.add_feature(std::move(diagnostics));
  server.add_feature(std::move(actions));
}

}  // namespace cc::server
