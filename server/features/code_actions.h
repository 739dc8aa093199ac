#pragma once
// textDocument/codeAction: cheap by contract (no model call here). Static quick fixes come
// from the analysis results; other features (AI) add actions through providers.
// Actions are matched to diagnostics through `data` (rule + line) or code + line, never by
// exact range: Neovim 0.7 sends ranges back in bytes.
// Loop thread only.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "protocol/lsp_types.h"
#include "server/features/diagnostics.h"
#include "server/server.h"

namespace cc::server {

struct CodeActionQuery {
  std::string uri;
  const protocol::Document* document = nullptr;
  protocol::Range range;
  std::vector<protocol::Diagnostic> context_diagnostics;
  std::vector<std::string> only;  // context.only kinds; empty = all
  [[nodiscard]] bool wants(const std::string& kind) const;
};

class CodeActionFeature : public Feature {
 public:
  using Provider = std::function<void(const CodeActionQuery&, std::vector<protocol::CodeAction>&)>;

  CodeActionFeature(Server& server, DiagnosticsFeature& diagnostics);
  void contribute_capabilities(json& capabilities) override;
  void add_provider(Provider provider) { providers_.push_back(std::move(provider)); }

  // A versioned edit when the client supports documentChanges, else a `changes` map.
  static protocol::WorkspaceEdit make_edit(const Server& server, const std::string& uri, std::int64_t version,
                                           std::vector<protocol::TextEdit> edits);

 private:
  void on_code_action(const json& params, Reply reply);
  void static_fixes(const CodeActionQuery& q, std::vector<protocol::CodeAction>& out);
  void on_apply_fix(const json& arguments, Reply reply);
  std::optional<protocol::CodeAction> fix_for(const DocumentFindings& df, const analysis::Finding& f,
                                              const protocol::Diagnostic& diag) const;
  std::optional<protocol::CodeAction> suppression_for(const DocumentFindings& df, const analysis::Finding& f,
                                                      const protocol::Diagnostic& diag) const;

  Server& server_;
  DiagnosticsFeature& diagnostics_;
  std::vector<Provider> providers_;
};

}  // namespace cc::server
