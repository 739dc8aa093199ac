#include "server/features/context.h"

#include <algorithm>
#include <chrono>

#include <spdlog/spdlog.h>

#include "analysis/index/index_builder.h"
#include "analysis/index/index_store.h"
#include "analysis/scan/background_priority.h"
#include "analysis/scan/workspace_scan.h"
#include "server/config.h"

namespace cc::server {

namespace {

constexpr std::size_t kMaxRecentEdits = 20;
constexpr int kEditContextLines = 2;
constexpr int kMaxEditLines = 30;
constexpr std::size_t kMaxEditBytes = 1500;
constexpr std::uint64_t kCompletionBlockMs = 30000;
constexpr std::size_t kMaxWatchedChanges = 10000;
constexpr std::size_t kMaxWorkspaceSymbols = 200;

analysis::Language language_of(const protocol::Document& doc, const std::string& path) {
  analysis::Language l = analysis::language_from_id(doc.language_id());
  return l != analysis::Language::Unknown ? l : analysis::language_from_path(path);
}

bool under(const std::string& path, const std::string& root) {
  return !root.empty() && path.size() > root.size() && path.compare(0, root.size(), root) == 0 && path[root.size()] == '/';
}

}  // namespace

ContextFeature::ContextFeature(Server& server, ModelWindow model_window)
    : server_(server), model_window_(std::move(model_window)) {
  std::size_t threads = server_.options().analysis_threads.value_or(std::max<std::size_t>(1, ThreadPool::default_size() / 2));
  pool_ = std::make_unique<ThreadPool>(threads, ThreadPool::Priority::Background);
  server_.on_notification("workspace/didChangeWatchedFiles", [this](const json& p) { on_watched_files(p); });
  server_.on_request("textDocument/documentSymbol",
                     [this](const json& p, Reply r, const RequestContext&) { on_document_symbol(p, std::move(r)); });
  server_.on_request("workspace/symbol",
                     [this](const json& p, Reply r, const RequestContext&) { on_workspace_symbol(p, std::move(r)); });
  config_ = context_config_from_json(server_.settings());
}

ContextFeature::~ContextFeature() {
  cancel_.cancel();
  if (builder_.joinable()) builder_.join();
  pool_.reset();  // finishes queued re-index jobs (they only touch the index)
}

void ContextFeature::contribute_capabilities(json& caps) {
  config_ = context_config_from_json(server_.settings());
  if (config_.symbols_enabled) {
    caps["documentSymbolProvider"] = true;
    caps["workspaceSymbolProvider"] = true;
  }
}

void ContextFeature::on_initialized() {
  initialized_ = true;
  options_ = index_file_options(server_.settings());
  if (config_.enabled) start_build();
  register_watcher();
}

void ContextFeature::on_config_changed() {
  bool was_enabled = config_.enabled;
  config_ = context_config_from_json(server_.settings());
  if (!initialized_) return;
  auto options = index_file_options(server_.settings());
  bool rules_changed = options.exclude != options_.exclude || options.max_file_bytes != options_.max_file_bytes ||
                       options.respect_gitignore != options_.respect_gitignore;
  options_ = options;
  // Folders added or removed (workspace/didChangeWorkspaceFolders) re-index at once.
  bool folders_changed = current_roots() != roots_;
  if (config_.enabled && (!was_enabled || rules_changed || folders_changed)) start_build();
  if (!config_.enabled) completion_ = {};
}

void ContextFeature::on_shutdown() { cancel_.cancel(); }

std::string ContextFeature::root_of(const std::string& path) const {
  std::string best;
  for (const auto& r : roots_)
    if ((path == r || under(path, r)) && r.size() > best.size()) best = r;
  return best;
}

std::vector<std::string> ContextFeature::current_roots() const {
  std::vector<std::string> roots;
  for (const auto& f : server_.workspace_folders())
    if (!f.path.empty()) roots.push_back(std::filesystem::path(f.path).lexically_normal().generic_string());
  if (roots.empty() && server_.workspace_root())
    roots.push_back(std::filesystem::path(*server_.workspace_root()).lexically_normal().generic_string());
  for (auto& r : roots)
    while (r.size() > 1 && r.back() == '/') r.pop_back();
  return roots;
}

void ContextFeature::start_build() {
  if (building_) {
    build_again_ = true;
    return;
  }
  roots_ = current_roots();
  if (roots_.empty()) return;
  if (builder_.joinable()) builder_.join();
  building_ = true;
  std::vector<std::filesystem::path> roots(roots_.begin(), roots_.end());
  std::optional<std::filesystem::path> store;
  if (config_.persist) store = analysis::index_file_for(config::user_cache_dir(), roots);
  auto weak = std::weak_ptr<bool>(alive_);
  auto& loop = server_.loop();
  builder_ = std::thread([this, weak, &loop, roots, store, options = options_, cancel = cancel_.token()] {
    lower_current_thread_priority();
    std::vector<analysis::IndexedFilePtr> previous;
    if (store && index_.size() == 0) {
      auto loaded = analysis::load_index(*store);
      if (!loaded.error.empty()) spdlog::info("context index: {}", loaded.error);
      if (loaded.rejected) spdlog::warn("context index: {} invalid entries in {} ignored", loaded.rejected, store->string());
      previous = std::move(loaded.files);
    }
    auto stats = analysis::build_index(index_, roots, options, *pool_, cancel, previous);
    if (store && !stats.cancelled && (stats.files_indexed || stats.files_removed || previous.empty())) {
      std::string error;
      if (!analysis::save_index(index_, *store, error)) spdlog::warn("context index: {}", error);
    }
    auto s = index_.stats();
    loop.post([this, weak, stats, s] {
      if (weak.expired()) return;
      building_ = false;
      spdlog::info("context index: {} files, {} definitions ({} read, {} reused, {} removed) in {:.2f} s, ~{} KiB",
                   s.files, s.definitions, stats.files_indexed, stats.files_reused, stats.files_removed, stats.seconds,
                   s.approx_bytes / 1024);
      server_.log_trace("context index: " + std::to_string(s.files) + " files, " + std::to_string(s.definitions) +
                        " definitions");
      if (build_again_ && !server_.shutting_down()) {
        build_again_ = false;
        start_build();
      }
      server_.check_sync_waiters();
    });
  });
}

void ContextFeature::register_watcher() {
  if (!server_.client().didChangeWatchedFilesDynamic || !config_.enabled) return;
  json watchers = json::array({{{"globPattern", "**/*"}, {"kind", 7}}});
  server_.call("client/registerCapability",
               {{"registrations", json::array({{{"id", "codecrucible.context.watch"},
                                                {"method", "workspace/didChangeWatchedFiles"},
                                                {"registerOptions", {{"watchers", watchers}}}}})}},
               [](std::optional<json>, std::optional<protocol::LspError> error) {
                 if (error) spdlog::info("file watcher not registered: {}", error->message);
               });
}

bool ContextFeature::admitted(const std::string& path) const { return !root_of(path).empty(); }

void ContextFeature::on_watched_files(const json& params) {
  if (!config_.enabled || !params.is_object() || !params.contains("changes") || !params["changes"].is_array()) return;
  std::size_t n = 0;
  for (const auto& c : params["changes"]) {
    if (++n > kMaxWatchedChanges) break;
    if (!c.is_object() || !c.contains("uri") || !c["uri"].is_string()) continue;
    auto path = uri_to_path(c["uri"].get<std::string>());
    if (!path) continue;
    std::string p = std::filesystem::path(*path).lexically_normal().generic_string();
    std::string root = root_of(p);
    if (root.empty()) continue;
    int type = c.value("type", 2);
    if (type == 3) {  // deleted: the file, or everything under a deleted folder
      index_.remove(p);
      for (const auto& f : index_.files())
        if (under(f->path, p)) index_.remove(f->path);
      continue;
    }
    if (server_.documents().find(c["uri"].get<std::string>())) continue;  // the open text is authoritative
    post_file_job([this, p, root, options = options_] {
      if (!analysis::admitted_by_walk_rules(root, p, options)) {
        index_.remove(p);
        return;
      }
      auto entry = analysis::index_file(p, options.max_file_bytes, index_.file(p));
      if (entry) index_.put(std::move(entry));
      else index_.remove(p);
    });
  }
}

void ContextFeature::on_document_opened(const protocol::Document& doc) {
  if (!config_.enabled) return;
  last_text_[doc.uri()] = doc.snapshot();
  reindex(doc);
}

void ContextFeature::on_document_changed(const protocol::Document& doc) {
  if (!config_.enabled) return;
  note_edit(doc);
  reindex(doc);
}

void ContextFeature::on_document_saved(const protocol::Document& doc) {
  if (config_.enabled) reindex(doc);
}

void ContextFeature::on_document_closed(const std::string& uri) {
  last_text_.erase(uri);
  if (completion_.uri == uri) completion_ = {};
  auto path = uri_to_path(uri);
  if (!config_.enabled || !path) return;
  std::string p = std::filesystem::path(*path).lexically_normal().generic_string();
  if (!index_.file(p)) return;
  // Closed without saving: the file on disk is the truth again.
  post_file_job([this, p, max = options_.max_file_bytes] {
    auto entry = analysis::index_file(p, max, nullptr);
    if (entry) index_.put(std::move(entry));
    else index_.remove(p);
  });
}

void ContextFeature::post_file_job(std::function<void()> job) {
  ++file_jobs_;
  auto weak = std::weak_ptr<bool>(alive_);
  auto& loop = server_.loop();
  bool posted = pool_->post([this, weak, &loop, job = std::move(job)] {
    job();
    loop.post([this, weak] {
      if (weak.expired()) return;
      --file_jobs_;
      server_.check_sync_waiters();
    });
  });
  if (!posted) --file_jobs_;
}

void ContextFeature::reindex(const protocol::Document& doc) {
  auto path = uri_to_path(doc.uri());
  if (!path) return;
  std::string p = std::filesystem::path(*path).lexically_normal().generic_string();
  std::string root = root_of(p);
  if (root.empty()) return;  // outside the workspace: never indexed, never sent
  auto it = reindexing_.find(doc.uri());
  if (it != reindexing_.end()) {
    it->second.dirty = true;
    return;
  }
  reindexing_[doc.uri()] = {};
  auto snap = doc.snapshot();
  analysis::Language lang = language_of(doc, p);
  auto weak = std::weak_ptr<bool>(alive_);
  auto& loop = server_.loop();
  bool posted = pool_->post([this, weak, &loop, snap, p, root, lang, options = options_] {
    auto current = index_.file(p);
    bool same = current && current->hash == analysis::content_hash(snap->text);
    if (!same && lang != analysis::Language::Unknown && snap->text.size() <= options.max_file_bytes &&
        (current || analysis::admitted_by_walk_rules(root, p, options)))
      index_.put(analysis::index_text(p, lang, snap->text, -1));  // -1: the next walk re-reads the disk
    loop.post([this, weak, uri = snap->uri] {
      if (weak.expired()) return;
      auto it = reindexing_.find(uri);
      if (it == reindexing_.end()) return;
      bool dirty = it->second.dirty;
      reindexing_.erase(it);
      if (dirty)
        if (const auto* d = server_.documents().find(uri)) reindex(*d);
      server_.check_sync_waiters();
    });
  });
  if (!posted) reindexing_.erase(doc.uri());
}

void ContextFeature::note_edit(const protocol::Document& doc) {
  auto path = uri_to_path(doc.uri());
  auto& last = last_text_[doc.uri()];
  auto now = doc.snapshot();
  auto old = last;
  last = now;
  if (!old || !path) return;
  std::string p = std::filesystem::path(*path).lexically_normal().generic_string();
  if (root_of(p).empty()) return;
  const std::string& a = old->text;
  const std::string& b = now->text;
  std::size_t prefix = static_cast<std::size_t>(std::mismatch(a.begin(), a.end(), b.begin(), b.end()).first - a.begin());
  if (prefix == a.size() && prefix == b.size()) return;
  std::size_t suffix = 0;
  while (suffix < a.size() - prefix && suffix < b.size() - prefix && a[a.size() - 1 - suffix] == b[b.size() - 1 - suffix])
    ++suffix;
  const auto& lines = now->lines;
  auto line_of = [&](std::size_t off) {
    std::size_t lo = 0, hi = lines.line_count();
    while (hi - lo > 1) {
      std::size_t mid = (lo + hi) / 2;
      if (lines.line_start(mid) <= off) lo = mid;
      else hi = mid;
    }
    return static_cast<int>(lo);
  };
  int first = std::max(0, line_of(prefix) - kEditContextLines);
  int last_line = std::min(static_cast<int>(lines.line_count()) - 1,
                           std::max(line_of(b.size() - suffix), line_of(prefix)) + kEditContextLines);
  last_line = std::min(last_line, first + kMaxEditLines);
  std::string text;
  for (int l = first; l <= last_line && text.size() < kMaxEditBytes; ++l) {
    text += lines.line_text(b, static_cast<std::size_t>(l));
    text += '\n';
  }
  if (text.size() > kMaxEditBytes) text.resize(kMaxEditBytes);
  std::erase_if(recent_, [&](const RecentEdit& e) { return e.path == p; });
  recent_.push_front({p, first, last_line, std::move(text)});
  if (recent_.size() > kMaxRecentEdits) recent_.pop_back();
}

ContextResult ContextFeature::gather(const protocol::Document& doc, int first_line, int last_line, int cursor_col,
                                     ContextPurpose purpose, std::size_t budget_tokens) {
  ContextResult empty;
  if (!config_.enabled) return empty;
  auto path = uri_to_path(doc.uri());
  if (!path) return empty;
  std::string p = std::filesystem::path(*path).lexically_normal().generic_string();
  ContextQuery q;
  q.path = p;
  q.language = language_of(doc, p);
  q.text = doc.text();
  q.self = index_.file(p);
  std::string root = root_of(p);
  // Actions are rare and expensive anyway: index the current text when the entry lags behind.
  // Completion takes the entry as it is (at most one re-index behind the keystrokes). A file
  // with no entry (excluded, outside the workspace) stays unindexed.
  if (purpose != ContextPurpose::Completion && !root.empty() && q.language != analysis::Language::Unknown &&
      q.self && q.self->hash != analysis::content_hash(doc.text()))
    q.self = analysis::index_text(p, q.language, doc.text(), -1);
  q.first_line = first_line;
  q.last_line = last_line;
  q.cursor_col = cursor_col;
  q.budget_tokens = budget_tokens                                ? budget_tokens
                    : purpose == ContextPurpose::Completion ? completion_context_budget(config_, model_window_())
                                                            : action_context_budget(config_, model_window_());
  q.purpose = purpose;
  q.root = root;
  for (const auto& e : recent_) {
    if (q.recent.size() >= config_.recent_edits) break;
    if (e.path != p) q.recent.push_back(e);
  }
  auto max_bytes = options_.max_file_bytes;
  q.read_file = [this, max_bytes](const std::string& file) {
    // Test files come from the index (workspace, not excluded); an open buffer wins over disk.
    for (const auto& uri : server_.documents().uris())
      if (uri_to_path(uri).value_or("") == file) return server_.documents().find(uri)->text();
    std::string text, why;
    return analysis::read_source_file(file, max_bytes, text, why) ? text : std::string{};
  };
  return retrieve_context(index_, q);
}

const std::string& ContextFeature::completion_block(const protocol::Document& doc, int line, int col) {
  static const std::string kNone;
  std::size_t budget = completion_context_budget(config_, model_window_());
  if (!config_.enabled || budget == 0) return kNone;
  auto path = uri_to_path(doc.uri());
  if (!path) return kNone;
  std::string p = std::filesystem::path(*path).lexically_normal().generic_string();
  int fn_line = -1;
  if (auto self = index_.file(p))
    for (const auto& d : self->symbols.definitions)
      if ((d.kind == analysis::SymbolKind::Function || d.kind == analysis::SymbolKind::Method) && d.line <= line &&
          d.end_line >= line)
        fn_line = d.line;  // the innermost: definitions are in source order
  std::uint64_t now = server_.loop().now_ms();
  if (completion_.uri == doc.uri() && completion_.function_line == fn_line && now - completion_.built_ms < kCompletionBlockMs)
    return completion_.text;
  ContextResult r = gather(doc, line, line, col, ContextPurpose::Completion, budget);
  trace("completion", doc.uri(), r);
  completion_ = {doc.uri(), fn_line, now, render_context_comments(r, root_of(p), language_of(doc, p))};
  return completion_.text;
}

void ContextFeature::trace(const std::string& what, const std::string& uri, const ContextResult& result) {
  std::string message = "context for " + what + " (" + uri + "): " + std::to_string(result.items.size()) + " items, " +
                        std::to_string(result.tokens) + "/" + std::to_string(result.budget_tokens) + " tokens; " +
                        result.summary();
  std::string root;
  if (auto p = uri_to_path(uri)) root = root_of(std::filesystem::path(*p).lexically_normal().generic_string());
  std::string verbose;
  for (const auto& i : result.items)
    verbose += i.kind + " " + display_path(i.path, root) + ":" + std::to_string(i.first_line + 1) + "-" +
               std::to_string(i.last_line + 1) + " " + std::to_string(i.tokens) + " tokens: " + i.reason + "\n";
  spdlog::debug("{}\n{}", message, verbose);
  server_.log_trace(message, verbose);
}

void ContextFeature::on_document_symbol(const json& params, Reply reply) {
  std::string uri = params.at("textDocument").at("uri").get<std::string>();
  const auto* doc = server_.documents().find(uri);
  auto path = uri_to_path(uri);
  if (!config_.symbols_enabled || !doc || !path) {
    reply.result(nullptr);
    return;
  }
  std::string p = std::filesystem::path(*path).lexically_normal().generic_string();
  auto entry = index_.file(p);
  analysis::FileSymbols computed;
  const analysis::FileSymbols* symbols = nullptr;
  if (entry && entry->hash == analysis::content_hash(doc->text())) symbols = &entry->symbols;
  else {
    computed = analysis::extract_symbols(doc->text(), language_of(*doc, p));
    symbols = &computed;
  }
  const auto& lines = doc->lines();
  auto pos = [&](int line, int col) {
    std::size_t l = std::min<std::size_t>(static_cast<std::size_t>(std::max(0, line)), lines.line_count() - 1);
    std::size_t off = std::min(doc->text().size(), lines.line_start(l) + static_cast<std::size_t>(std::max(0, col)));
    return protocol::offset_to_position(doc->text(), lines, off, server_.encoding());
  };
  json out = json::array();
  for (const auto& d : symbols->definitions) {
    auto end_text = lines.line_text(doc->text(), std::min<std::size_t>(static_cast<std::size_t>(d.end_line), lines.line_count() - 1));
    json item{{"name", d.name},
              {"kind", analysis::lsp_symbol_kind(d.kind)},
              {"location", {{"uri", uri}, {"range", {{"start", pos(d.line, d.col)}, {"end", pos(d.end_line, static_cast<int>(end_text.size()))}}}}}};
    if (!d.container.empty()) item["containerName"] = d.container;
    out.push_back(std::move(item));
  }
  reply.result(std::move(out));
}

void ContextFeature::on_workspace_symbol(const json& params, Reply reply) {
  if (!config_.symbols_enabled) {
    reply.result(json::array());
    return;
  }
  std::string query = params.is_object() && params.contains("query") && params["query"].is_string()
                          ? params["query"].get<std::string>()
                          : std::string{};
  json out = json::array();
  for (const auto& ref : index_.search(query.substr(0, 256), kMaxWorkspaceSymbols)) {
    const auto& d = ref.def();
    json item{{"name", d.name},
              {"kind", analysis::lsp_symbol_kind(d.kind)},
              {"location",
               {{"uri", path_to_uri(ref.file->path)},
                {"range", {{"start", {{"line", d.line}, {"character", d.col}}}, {"end", {{"line", d.end_line}, {"character", 0}}}}}}}};
    if (!d.container.empty()) item["containerName"] = d.container;
    out.push_back(std::move(item));
  }
  reply.result(std::move(out));
}

}  // namespace cc::server
