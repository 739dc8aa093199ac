#pragma once
// AI in the editor: code actions backed by the generation engine.
//
// textDocument/codeAction stays cheap: AI actions are literals carrying `data`
// ({provider:"ai", uri, version, range, action, voice, diagnostic}); no model call. When the
// client resolves edits (resolveSupport ∋ edit, dataSupport) the model runs in
// codeAction/resolve and the edit comes back there; otherwise the action carries the command
// `codecrucible.runAiAction`, which runs the model and sends workspace/applyEdit (eglot < 1.16
// never resolves). Edits are versioned; a stale version answers ContentModified. Answers that
// are not edits (explain, tests, review, council) open as Markdown (window/showDocument) or
// fall back to showMessage + logMessage.
// Generation streams into work-done progress; $/cancelRequest or a progress cancel aborts the
// backend stream. Loop thread only; engine callbacks post back to the loop.
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "generation/types.h"
#include "server/features/ai_prompts.h"
#include "server/features/code_actions.h"
#include "server/features/context.h"
#include "server/features/diagnostics.h"
#include "server/features/generation_service.h"
#include "server/progress.h"

namespace cc::server {

struct AiRequest {
  std::string uri;
  std::int64_t version = 0;
  protocol::Range range;
  std::string action;      // ai_actions() id
  std::string voice;       // voice id ("" for council)
  std::string diagnostic;  // "rule: message" for fix actions
  std::string question;    // council
  json to_json() const;
  static AiRequest from_json(const json& j);  // throws nlohmann exceptions on bad input
};

class AiFeature : public Feature {
 public:
  AiFeature(Server& server, GenerationService& generation, DiagnosticsFeature& diagnostics, CodeActionFeature& actions,
            ProgressFeature& progress, ContextFeature& context);
  void on_shutdown() override;

 private:
  using DoneFn = std::function<void(const gen::GenerationResult&)>;
  struct Target {
    const protocol::Document* doc;
    int first_line;
    int last_line;  // inclusive
    std::string selection;
  };

  void provide(const CodeActionQuery& q, std::vector<protocol::CodeAction>& out);
  void on_resolve(const json& params, Reply reply, const RequestContext& ctx);
  void on_run(const json& args, Reply reply, const RequestContext& ctx);
  void on_council(const json& args, Reply reply, const RequestContext& ctx);

  std::optional<Target> target(const AiRequest& r) const;
  // Runs one generation with progress + cancellation; `done` runs on the loop thread.
  void generate(const AiRequest& r, const AiActionInfo& info, const Target& t, const RequestContext& ctx, DoneFn done);
  void fail(const Reply& reply, const gen::GenerationResult& result);
  std::optional<protocol::WorkspaceEdit> edit_from(const AiRequest& r, const Target& t, const std::string& answer,
                                                   std::string& why);
  // The edit for a finished generation, or nullopt after answering `reply` with the reason.
  std::optional<protocol::WorkspaceEdit> finished_edit(const AiRequest& r, const gen::GenerationResult& result,
                                                       const Reply& reply, bool tell_user);
  void present(const std::string& title, const std::string& markdown, Reply reply);
  std::string voice_name(const std::string& id) const;

  Server& server_;
  GenerationService& generation_;
  DiagnosticsFeature& diagnostics_;
  ProgressFeature& progress_;
  ContextFeature& context_;
  std::map<std::uint64_t, CancelSource> running_;
  std::uint64_t next_job_ = 1;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace cc::server
