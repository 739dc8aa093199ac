#pragma once
// The context engine in the server: the workspace index, built at background priority when
// the workspace opens (every folder; loaded from the cache directory first so a restart only
// re-reads what changed), kept current from didOpen/didChange/didSave (the open text is
// re-indexed on a worker, coalesced per document), workspace/didChangeWatchedFiles (a watcher
// is registered when the client supports dynamic registration) and a stat walk on every
// rebuild; and retrieval for the AI features (context_retrieval.h) with the recent edits it
// records. With symbols.enabled it also answers textDocument/documentSymbol and
// workspace/symbol from the index (off by default so it never duplicates another server).
//
// Loop thread only, except the index itself (thread-safe) which workers update.
#include <atomic>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "analysis/index/workspace_index.h"
#include "analysis/scan/thread_pool.h"
#include "server/features/context_config.h"
#include "server/features/context_retrieval.h"
#include "server/server.h"

namespace cc::server {

class ContextFeature : public Feature {
 public:
  // model_window: the model's context window when known (GenerationService::model_context_tokens),
  // from which the budgets follow (action_context_budget, completion_context_budget).
  using ModelWindow = std::function<std::optional<std::size_t>()>;
  ContextFeature(Server& server, ModelWindow model_window);
  ~ContextFeature() override;
  void contribute_capabilities(json& capabilities) override;
  void on_initialized() override;
  void on_document_opened(const protocol::Document& doc) override;
  void on_document_changed(const protocol::Document& doc) override;
  void on_document_saved(const protocol::Document& doc) override;
  void on_document_closed(const std::string& uri) override;
  void on_config_changed() override;
  void on_shutdown() override;
  bool busy() const override { return building_ || !reindexing_.empty() || file_jobs_ > 0; }

  const ContextConfig& config() const { return config_; }
  const analysis::WorkspaceIndex& index() const { return index_; }

  // Related code for lines [first_line, last_line] of an open document (cursor_col >= 0: a
  // cursor on first_line). budget_tokens 0: the budget for `purpose` (configured, or from the
  // model's window).
  ContextResult gather(const protocol::Document& doc, int first_line, int last_line, int cursor_col,
                       ContextPurpose purpose, std::size_t budget_tokens = 0);
  // The related-code block for a fill-in-the-middle prompt at a cursor, as line comments. It is
  // reused while the cursor stays in the same function (the model server's prompt cache then
  // keeps matching the prompt's start), and rebuilt after a while or elsewhere.
  const std::string& completion_block(const protocol::Document& doc, int line, int col);
  // Writes the list of items to the trace (`verbose`: with reasons and tokens).
  void trace(const std::string& what, const std::string& uri, const ContextResult& result);
  // The workspace folder path holding `path` ("" when none).
  std::string root_of(const std::string& path) const;

 private:
  struct Reindex {
    bool dirty = false;  // changed again while a job ran
  };
  struct CompletionBlock {
    std::string uri;
    int function_line = -2;
    std::uint64_t built_ms = 0;
    std::string text;
  };

  // The workspace folders' paths, normalised (the root when the client sent no folders).
  std::vector<std::string> current_roots() const;
  void start_build();
  void register_watcher();
  void on_watched_files(const json& params);
  void reindex(const protocol::Document& doc);
  // Runs `job` on the pool; `codecrucible/sync` waits for it.
  void post_file_job(std::function<void()> job);
  void note_edit(const protocol::Document& doc);
  bool admitted(const std::string& path) const;
  void on_document_symbol(const json& params, Reply reply);
  void on_workspace_symbol(const json& params, Reply reply);

  Server& server_;
  ModelWindow model_window_;
  ContextConfig config_;
  analysis::WorkspaceIndex index_;
  std::unique_ptr<ThreadPool> pool_;  // background priority: indexing never delays the loop
  std::thread builder_;
  CancelSource cancel_;
  bool building_ = false;
  bool build_again_ = false;
  bool initialized_ = false;
  std::vector<std::string> roots_;
  analysis::FileListOptions options_;
  std::map<std::string, Reindex> reindexing_;  // uri → job in flight
  std::size_t file_jobs_ = 0;                  // watched-file and close jobs in flight
  std::map<std::string, std::shared_ptr<const protocol::DocumentSnapshot>> last_text_;  // for edit ranges
  std::deque<RecentEdit> recent_;  // most recent first
  CompletionBlock completion_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace cc::server
