#include "server/features/install.h"

#include "server/features/ai_actions.h"
#include "server/features/ai_review.h"
#include "server/features/code_actions.h"
#include "server/features/completion.h"
#include "server/features/context.h"
#include "server/features/diagnostics.h"
#include "server/features/generation_service.h"
#include "server/progress.h"
#include "server/server.h"
#include "server/features/workspace.h"

namespace cc::server {

void install_features(Server& server) {
  auto progress = std::make_unique<ProgressFeature>(server);
  auto diagnostics = std::make_unique<DiagnosticsFeature>(server);
  auto actions = std::make_unique<CodeActionFeature>(server, *diagnostics);
  auto generation = std::make_unique<GenerationService>(server);
  auto context = std::make_unique<ContextFeature>(server, [g = generation.get()] { return g->model_context_tokens(); });
  auto ai = std::make_unique<AiFeature>(server, *generation, *diagnostics, *actions, *progress, *context);
  auto review = std::make_unique<AiReviewFeature>(server, *generation, *diagnostics, *context);
  auto completion = std::make_unique<CompletionFeature>(server, *generation, *context);
  auto workspace = std::make_unique<WorkspaceFeature>(server, *diagnostics, *progress);
  // Destruction runs in reverse: AI features go before the engine and the context index they
  // use, the engine before the diagnostics they feed.
  server.add_feature(std::move(progress));
  server.add_feature(std::move(diagnostics));
  server.add_feature(std::move(actions));
  server.add_feature(std::move(generation));
  server.add_feature(std::move(context));
  server.add_feature(std::move(ai));
  server.add_feature(std::move(review));
  server.add_feature(std::move(completion));
  server.add_feature(std::move(workspace));
}

}  // namespace cc::server
