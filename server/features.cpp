#include "server/features.h"

#include "server/ai_feature.h"
#include "server/ai_review.h"
#include "server/code_action_feature.h"
#include "server/completion_feature.h"
#include "server/diagnostics_feature.h"
#include "server/generation_service.h"
#include "server/progress.h"
#include "server/server.h"
#include "server/workspace_feature.h"

namespace cc::server {

void install_features(Server& server) {
  auto progress = std::make_unique<ProgressFeature>(server);
  auto diagnostics = std::make_unique<DiagnosticsFeature>(server);
  auto actions = std::make_unique<CodeActionFeature>(server, *diagnostics);
  auto generation = std::make_unique<GenerationService>(server);
  auto ai = std::make_unique<AiFeature>(server, *generation, *diagnostics, *actions, *progress);
  auto review = std::make_unique<AiReviewFeature>(server, *generation, *diagnostics);
  auto completion = std::make_unique<CompletionFeature>(server, *generation);
  auto workspace = std::make_unique<WorkspaceFeature>(server, *diagnostics, *progress);
  // Destruction runs in reverse: AI features go before the engine they use, the engine
  // before the diagnostics they feed.
  server.add_feature(std::move(progress));
  server.add_feature(std::move(diagnostics));
  server.add_feature(std::move(actions));
  server.add_feature(std::move(generation));
  server.add_feature(std::move(ai));
  server.add_feature(std::move(review));
  server.add_feature(std::move(completion));
  server.add_feature(std::move(workspace));
}

}  // namespace cc::server
