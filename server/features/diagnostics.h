#pragma once
// Static-analysis diagnostics for open documents.
//
// didOpen/didChange → debounce per document (diagnostics.debounceMs, default 200) → analysis
// job on the analysis pool with an immutable snapshot → results posted back to the loop →
// dropped if the document moved on, else published (push) or kept for pull requests
// (textDocument/diagnostic with resultId/unchanged) — never both for one client.
// Loop thread only; the pool's workers see only snapshots and post results back.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "analysis/analysis_config.h"
#include "analysis/finding.h"
#include "analysis/scan/thread_pool.h"
#include "protocol/document.h"
#include "protocol/lsp_types.h"
#include "server/server.h"

namespace cc::server {

// The analysis of one document version, as the code-action feature reads it.
struct DocumentFindings {
  std::string uri;
  std::int64_t version = 0;
  std::shared_ptr<const protocol::DocumentSnapshot> snapshot;
  std::vector<analysis::Finding> findings;
  std::vector<protocol::Diagnostic> diagnostics;  // static, same order as findings
};

class DiagnosticsFeature : public Feature {
 public:
  explicit DiagnosticsFeature(Server& server);
  ~DiagnosticsFeature() override;

  void contribute_capabilities(json& capabilities) override;
  void on_document_opened(const protocol::Document& doc) override;
  void on_document_changed(const protocol::Document& doc) override;
  void on_document_closed(const std::string& uri) override;
  void on_config_changed() override;
  void on_shutdown() override;
  bool busy() const override;
  void flush() override;

  // Results for the current version of an open document, if analysed.
  const DocumentFindings* findings(const std::string& uri) const;
  // Diagnostics from another source (AI review) merged into what is published for `uri`.
  void set_extra_diagnostics(const std::string& uri, std::int64_t version, std::string source,
                             std::vector<protocol::Diagnostic> diagnostics);
  const analysis::AnalysisConfig& config() const { return config_; }
  analysis::Severity severity_for(const analysis::Finding& f) const { return f.severity; }

  // Converts a finding (byte columns) to an LSP diagnostic in the negotiated encoding.
  static protocol::Diagnostic to_diagnostic(const analysis::Finding& finding, const protocol::DocumentSnapshot& snap,
                                            protocol::PositionEncoding encoding);
  static protocol::Range to_range(int line, int col, int end_line, int end_col, const protocol::DocumentSnapshot& snap,
                                  protocol::PositionEncoding encoding);

 private:
  struct DocState {
    std::unique_ptr<Timer> debounce;
    std::optional<CancelSource> running;  // the in-flight job, if any
    std::int64_t running_version = -1;
    std::optional<DocumentFindings> current;
    std::map<std::string, std::pair<std::int64_t, std::vector<protocol::Diagnostic>>> extra;  // by source
    std::vector<Reply> pull_waiters;
    bool published_nonempty = false;
    std::string notice;  // last "not analysed / partial" message told to the user (told once)
  };

  bool pull_mode() const;
  void schedule(const protocol::Document& doc, std::uint64_t delay_ms);
  void start_job(const std::string& uri);
  void on_results(const std::string& uri, std::int64_t version, std::shared_ptr<const protocol::DocumentSnapshot> snap,
                  std::vector<analysis::Finding> findings, std::vector<protocol::Diagnostic> diagnostics);
  // Tells the user once (window/logMessage) why a document was not analysed or only partly.
  void notice(const std::string& uri, const std::string& message);
  json merged(const DocState& st) const;  // this version's diagnostics and the extras for it
  void publish(const std::string& uri, DocState& st);
  void on_pull(const json& params, Reply reply);
  json pull_report(const DocState& st, const std::optional<std::string>& previous) const;

  Server& server_;
  std::unique_ptr<ThreadPool> pool_;
  analysis::AnalysisConfig config_;
  std::uint64_t debounce_ms_ = 200;
  std::string mode_ = "auto";
  std::map<std::string, DocState> docs_;
  std::size_t jobs_in_flight_ = 0;
};

}  // namespace cc::server
