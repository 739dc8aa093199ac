#pragma once
// Static-analysis diagnostics for open documents.
//
// didOpen/didChange → debounce per document (diagnostics.debounceMs, default 200) → analysis
// job on the analysis pool with an immutable snapshot → results posted back to the loop →
// dropped if the document moved on, else published (push) or kept for pull requests
// (textDocument/diagnostic with resultId/unchanged) — never both for one document.
//
// Files that are not open get their diagnostics from workspace scans, always pushed: a pull
// client shows a document's pushed and pulled sets side by side, so the pushed set of a file
// is cleared the moment the file opens (its pulled set takes over) and pushed again, read from
// disk, when it closes. Counts stay right through scan → open → edit → close → rescan.
// Loop thread only; the pool's workers see only snapshots and post results back.
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "analysis/analysis_config.h"
#include "analysis/finding.h"
#include "analysis/flow/function_cache.h"
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
  // The analysis settings for `uri`: those of the workspace folder holding it.
  const analysis::AnalysisConfig& config_for(const std::string& uri) const;

  // --- files that are not open: workspace scans (loop thread) ---
  // A scan starts; its generation tags the files it reports.
  std::uint64_t begin_scan() { return ++scan_generation_; }
  // A scanned file's diagnostics (empty: analysed, nothing found); pushed unless it is open.
  void scanned_file(const std::string& uri, json diagnostics, std::uint64_t scan);
  // A scan of `root` completed: files under it that it did not report are gone or now ignored.
  void end_scan(const std::filesystem::path& root, std::uint64_t scan);
  // Diagnostics for the findings of a file read from disk (any thread).
  static json file_diagnostics(const std::string& uri, std::string text, const std::vector<analysis::Finding>& findings,
                               protocol::PositionEncoding encoding, bool related = false);
  analysis::Severity severity_for(const analysis::Finding& f) const { return f.severity; }

  // Converts a finding (byte columns) to an LSP diagnostic in the negotiated encoding.
  // `related`: the client shows relatedInformation (the steps of a data-flow finding's path).
  static protocol::Diagnostic to_diagnostic(const analysis::Finding& finding, const protocol::DocumentSnapshot& snap,
                                            protocol::PositionEncoding encoding, bool related = false);
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
    std::optional<std::string> pulled_id;  // the resultId the client last received
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
  json pull_report(DocState& st, const std::optional<std::string>& previous) const;
  // Pull clients learn of results they did not ask for (new settings, AI review) through
  // workspace/diagnostic/refresh, sent once the analysis jobs in flight are done.
  void maybe_refresh();

  // A file a workspace scan covered, while it is not open.
  struct ClosedFile {
    std::uint64_t scan = 0;   // generation of the scan that last reported it
    bool published = false;  // the client holds a non-empty pushed set for it
  };
  void publish_closed(const std::string& uri, ClosedFile& file, json diagnostics);
  // A covered file's editor closed: its diagnostics come from the file on disk again.
  void reanalyse_from_disk(const std::string& uri);

  Server& server_;
  // Data-flow verdicts per function of the open documents, so a keystroke re-interprets only
  // the edited function. Declared before the pool: workers use it until the pool is joined.
  analysis::flow::FunctionCache flow_cache_;
  std::unique_ptr<ThreadPool> pool_;
  analysis::AnalysisConfig config_;  // the first workspace folder's (and files outside any)
  std::map<std::string, analysis::AnalysisConfig> folder_configs_;  // other folders, by path
  std::uint64_t debounce_ms_ = 200;
  std::string mode_ = "auto";
  std::map<std::string, DocState> docs_;
  std::size_t jobs_in_flight_ = 0;
  bool refresh_wanted_ = false;
  std::map<std::string, ClosedFile> closed_files_;  // by URI, sorted so a root is a range
  std::uint64_t scan_generation_ = 0;
};

}  // namespace cc::server
