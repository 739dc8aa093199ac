#include "server/features/diagnostics.h"

#include <algorithm>

#include <spdlog/spdlog.h>

#include "analysis/analyzer.h"
#include "analysis/lang/language.h"
#include "analysis/project_properties.h"
#include "analysis/report_format.h"
#include "analysis/rules/catalog.h"
#include "analysis/scan/workspace_scan.h"

namespace cc::server {

namespace {

// The rule's CWE page: where an editor shows `code` as a link (clients without
// codeDescriptionSupport ignore the field).
std::optional<std::string> cwe_link(std::string_view rule) {
  const analysis::RuleInfo* info = analysis::find_rule(rule);
  if (!info || info->cwe <= 0) return std::nullopt;
  return analysis::cwe_url(info->cwe);
}

analysis::Language language_of(const protocol::DocumentSnapshot& snap) {
  auto lang = analysis::language_from_id(snap.language_id);
  if (lang == analysis::Language::Unknown) lang = analysis::language_from_path(snap.uri);
  if (lang == analysis::Language::Unknown && snap.lines.line_count() > 0)
    lang = analysis::language_from_shebang(snap.lines.line_text(snap.text, 0));
  return lang;
}

std::string result_id(std::int64_t version, const json& diags) {
  // Changes whenever the published content changes, not just the version.
  std::size_t h = std::hash<std::string>{}(diags.dump());
  return std::to_string(version) + "-" + std::to_string(h);
}

}  // namespace

DiagnosticsFeature::DiagnosticsFeature(Server& server) : server_(server) {
  on_config_changed();
  std::size_t threads = server_.options().analysis_threads.value_or(
      config_.jobs ? config_.jobs : ThreadPool::default_size());
  pool_ = std::make_unique<ThreadPool>(threads);
  server_.on_request("textDocument/diagnostic", [this](const json& params, Reply reply, const RequestContext&) {
    on_pull(params, std::move(reply));
  });
}

DiagnosticsFeature::~DiagnosticsFeature() {
  for (auto& [uri, st] : docs_)
    if (st.running) st.running->cancel();
  pool_.reset();  // joins; late posts to the closed loop are dropped
}

bool DiagnosticsFeature::pull_mode() const {
  if (mode_ == "push") return false;
  if (mode_ == "pull") return true;
  return server_.client().pullDiagnostics;
}

void DiagnosticsFeature::contribute_capabilities(json& caps) {
  // Decided once at initialize: a client gets push or pull, never both.
  if (pull_mode())
    caps["diagnosticProvider"] = {{"identifier", "codecrucible"}, {"interFileDependencies", false}, {"workspaceDiagnostics", false}};
}

void DiagnosticsFeature::on_config_changed() {
  std::vector<std::string> warnings;
  config_ = analysis::analysis_config_from_json(server_.settings(), warnings);
  folder_configs_.clear();
  const auto& folders = server_.workspace_folders();
  // Each folder's .properties values, read when a document first asks (as a scan does).
  auto properties_of = [](const std::string& path) {
    return std::make_shared<analysis::ProjectProperties>(std::vector<std::filesystem::path>{path});
  };
  if (!folders.empty() && !folders.front().path.empty()) config_.project_properties = properties_of(folders.front().path);
  for (std::size_t i = 1; i < folders.size(); ++i) {
    auto& c = folder_configs_[folders[i].path] = analysis::analysis_config_from_json(server_.settings_in(&folders[i]), warnings);
    if (!folders[i].path.empty()) c.project_properties = properties_of(folders[i].path);
  }
  std::sort(warnings.begin(), warnings.end());  // each folder repeats the shared layers' warnings
  warnings.erase(std::unique(warnings.begin(), warnings.end()), warnings.end());
  const json& d = server_.settings().contains("diagnostics") ? server_.settings()["diagnostics"] : json();
  if (d.is_object()) {
    if (auto it = d.find("debounceMs"); it != d.end()) {
      if (it->is_number_unsigned() && it->get<std::uint64_t>() <= 10000) debounce_ms_ = it->get<std::uint64_t>();
      else warnings.push_back("diagnostics.debounceMs must be a number of milliseconds (0-10000)");
    }
    if (auto it = d.find("mode"); it != d.end()) {
      if (it->is_string() && (*it == "auto" || *it == "push" || *it == "pull")) mode_ = it->get<std::string>();
      else warnings.push_back("diagnostics.mode must be \"auto\", \"push\" or \"pull\"");
    }
  }
  for (const auto& w : warnings) {
    spdlog::warn("config: {}", w);
    if (server_.lifecycle() != Lifecycle::Uninitialized) server_.log_message(MessageType::Warning, "codecrucible: " + w);
  }
  // Re-analyse open documents with the new rules, and the closed files that show a scan's
  // findings (files it found clean need a rescan to show new ones).
  if (server_.lifecycle() == Lifecycle::Running) {
    for (const auto& uri : server_.documents().uris())
      if (auto* doc = server_.documents().find(uri)) schedule(*doc, 0);
    for (const auto& [uri, file] : closed_files_)
      if (file.published && !server_.documents().find(uri)) reanalyse_from_disk(uri);
  }
}

void DiagnosticsFeature::on_document_opened(const protocol::Document& doc) {
  // The scan's pushed set for this file gives way to the document's own results: a push
  // client gets them as a replacement (even an empty one), a pull client needs it cleared.
  if (auto it = closed_files_.find(doc.uri()); it != closed_files_.end() && it->second.published) {
    it->second.published = false;
    if (pull_mode()) server_.notify("textDocument/publishDiagnostics", json{{"uri", doc.uri()}, {"diagnostics", json::array()}});
    else docs_[doc.uri()].published_nonempty = true;
  }
  schedule(doc, 0);
}

void DiagnosticsFeature::on_document_changed(const protocol::Document& doc) { schedule(doc, debounce_ms_); }

void DiagnosticsFeature::schedule(const protocol::Document& doc, std::uint64_t delay_ms) {
  auto& st = docs_[doc.uri()];
  if (st.running) st.running->cancel();  // its result would be stale anyway
  if (!st.debounce) st.debounce = std::make_unique<Timer>(server_.loop());
  std::string uri = doc.uri();
  if (delay_ms == 0) {
    st.debounce->stop();
    start_job(uri);
    return;
  }
  st.debounce->start(delay_ms, [this, uri] { start_job(uri); });
}

void DiagnosticsFeature::flush() {
  for (auto& [uri, st] : docs_)
    if (st.debounce && st.debounce->active()) {
      st.debounce->stop();
      start_job(uri);
    }
}

bool DiagnosticsFeature::busy() const {
  if (jobs_in_flight_ > 0) return true;
  for (const auto& [uri, st] : docs_)
    if (st.debounce && st.debounce->active()) return true;
  return false;
}

void DiagnosticsFeature::start_job(const std::string& uri) {
  auto* doc = server_.documents().find(uri);
  if (!doc || server_.shutting_down()) return;
  auto& st = docs_[uri];
  if (st.running) st.running->cancel();
  st.running.emplace();
  st.running_version = doc->version();
  auto snap = doc->snapshot();
  auto token = st.running->token();
  auto config = config_for(uri);
  const auto encoding = server_.encoding();
  const bool related = server_.client().diagnosticRelatedInformation;
  ++jobs_in_flight_;
  auto& loop = server_.loop();
  bool queued = pool_->post([this, &loop, snap, token, encoding, related, config = std::move(config)] {
    std::vector<analysis::Finding> findings;
    std::vector<protocol::Diagnostic> diagnostics;
    std::string why;  // binary or partial: worth telling the user; other skips are routine
    if (config.enabled && !token.cancelled()) {
      auto result = analysis::analyze_text(snap->text, language_of(*snap), config, token, &flow_cache_);
      if (!result.skipped_reason.empty()) spdlog::debug("{} not analysed: {}", snap->uri, result.skipped_reason);
      if (result.skipped_reason.rfind("binary", 0) == 0) why = "not analysed: " + result.skipped_reason;
      else if (result.truncated && !token.cancelled()) why = "analysis stopped at its deadline; diagnostics are partial";
      findings = std::move(result.findings);
      // Converted here, off the loop: positions need the snapshot's lines, which this job has.
      diagnostics.reserve(findings.size());
      for (const auto& f : findings) diagnostics.push_back(to_diagnostic(f, *snap, encoding, related));
    }
    // Posted even when cancelled so the in-flight count stays right.
    loop.post([this, snap, token, why = std::move(why), findings = std::move(findings),
               diagnostics = std::move(diagnostics)]() mutable {
      --jobs_in_flight_;
      if (!token.cancelled()) {
        if (!why.empty()) notice(snap->uri, why);
        on_results(snap->uri, snap->version, snap, std::move(findings), std::move(diagnostics));
      }
      maybe_refresh();
      server_.check_sync_waiters();
    });
  });
  if (!queued) --jobs_in_flight_;
}

void DiagnosticsFeature::on_results(const std::string& uri, std::int64_t version,
                                    std::shared_ptr<const protocol::DocumentSnapshot> snap,
                                    std::vector<analysis::Finding> findings,
                                    std::vector<protocol::Diagnostic> diagnostics) {
  auto* doc = server_.documents().find(uri);
  auto it = docs_.find(uri);
  if (!doc || it == docs_.end() || doc->version() != version) return;  // stale: a newer job follows
  auto& st = it->second;
  st.running.reset();
  st.current = DocumentFindings{uri, version, std::move(snap), std::move(findings), std::move(diagnostics)};
  publish(uri, st);
}

void DiagnosticsFeature::notice(const std::string& uri, const std::string& message) {
  auto it = docs_.find(uri);
  if (it == docs_.end() || it->second.notice == message) return;
  it->second.notice = message;
  server_.log_message(MessageType::Warning, "codecrucible: " + uri + ": " + message);
}

json DiagnosticsFeature::merged(const DocState& st) const {
  json all = json::array();
  if (!st.current) return all;
  for (const auto& d : st.current->diagnostics) all.push_back(d);
  for (const auto& [source, entry] : st.extra)
    if (entry.first == st.current->version)
      for (const auto& d : entry.second) all.push_back(d);
  return all;
}

void DiagnosticsFeature::publish(const std::string& uri, DocState& st) {
  if (pull_mode()) {
    auto waiters = std::move(st.pull_waiters);
    st.pull_waiters.clear();
    for (auto& r : waiters) r.result(pull_report(st, std::nullopt));
    // Results nobody asked for, that differ from what the client holds: it must pull again.
    if (waiters.empty() && st.pulled_id && *st.pulled_id != result_id(st.current ? st.current->version : 0, merged(st)))
      refresh_wanted_ = true;
    return;
  }
  auto diags = merged(st);
  if (diags.empty() && !st.published_nonempty) return;  // nothing new to say
  st.published_nonempty = !diags.empty();
  json params{{"uri", uri}, {"diagnostics", std::move(diags)}};
  if (st.current && server_.client().publishDiagnosticsVersion) params["version"] = st.current->version;
  server_.notify("textDocument/publishDiagnostics", std::move(params));
}

void DiagnosticsFeature::set_extra_diagnostics(const std::string& uri, std::int64_t version, std::string source,
                                               std::vector<protocol::Diagnostic> diagnostics) {
  auto it = docs_.find(uri);
  if (it == docs_.end()) return;
  it->second.extra[std::move(source)] = {version, std::move(diagnostics)};
  if (it->second.current && it->second.current->version == version) publish(uri, it->second);
  maybe_refresh();
}

void DiagnosticsFeature::maybe_refresh() {
  if (!refresh_wanted_ || jobs_in_flight_ > 0 || server_.shutting_down()) return;
  refresh_wanted_ = false;
  if (!server_.client().diagnosticRefresh) return;
  server_.call("workspace/diagnostic/refresh", nullptr, [](std::optional<json>, std::optional<protocol::LspError> error) {
    if (error) spdlog::debug("workspace/diagnostic/refresh: {}", error->message);
  });
}

void DiagnosticsFeature::on_document_closed(const std::string& uri) {
  auto it = docs_.find(uri);
  if (it == docs_.end()) return;
  if (it->second.running) it->second.running->cancel();
  for (auto& r : it->second.pull_waiters) r.error(protocol::ErrorCode::RequestFailed, "document closed");
  bool had = it->second.published_nonempty;
  docs_.erase(it);
  if (auto covered = closed_files_.find(uri); covered != closed_files_.end()) {
    // A push client still shows the document's set: the file's own results replace it.
    covered->second.published = had && !pull_mode();
    reanalyse_from_disk(uri);
  } else if (!pull_mode() && had) {
    server_.notify("textDocument/publishDiagnostics", json{{"uri", uri}, {"diagnostics", json::array()}});
  }
  server_.check_sync_waiters();
}

void DiagnosticsFeature::scanned_file(const std::string& uri, json diagnostics, std::uint64_t scan) {
  auto& file = closed_files_[uri];
  file.scan = scan;
  if (server_.documents().find(uri)) return;  // open documents have their own, fresher results
  publish_closed(uri, file, std::move(diagnostics));
}

void DiagnosticsFeature::end_scan(const std::filesystem::path& root, std::uint64_t scan) {
  std::string prefix = path_to_uri(std::filesystem::absolute(root).lexically_normal().string());
  if (prefix.back() != '/') prefix += '/';
  for (auto it = closed_files_.lower_bound(prefix); it != closed_files_.end() && it->first.rfind(prefix, 0) == 0;) {
    if (it->second.scan == scan) {
      ++it;
      continue;
    }
    if (!server_.documents().find(it->first)) publish_closed(it->first, it->second, json::array());
    it = closed_files_.erase(it);
  }
}

void DiagnosticsFeature::publish_closed(const std::string& uri, ClosedFile& file, json diagnostics) {
  if (diagnostics.empty() && !file.published) return;  // nothing shown, nothing to show
  file.published = !diagnostics.empty();
  server_.notify("textDocument/publishDiagnostics", json{{"uri", uri}, {"diagnostics", std::move(diagnostics)}});
}

json DiagnosticsFeature::file_diagnostics(const std::string& uri, std::string text,
                                          const std::vector<analysis::Finding>& findings,
                                          protocol::PositionEncoding encoding, bool related) {
  protocol::DocumentSnapshot snap;
  snap.uri = uri;
  snap.text = std::move(text);
  snap.lines = protocol::LineIndex(snap.text);
  json diagnostics = json::array();
  for (const auto& f : findings) diagnostics.push_back(to_diagnostic(f, snap, encoding, related));
  return diagnostics;
}

void DiagnosticsFeature::reanalyse_from_disk(const std::string& uri) {
  auto path = uri_to_path(uri);
  if (!path || server_.shutting_down()) return;
  ++jobs_in_flight_;
  auto& loop = server_.loop();
  bool queued = pool_->post([this, &loop, uri, path = *path, config = config_for(uri), encoding = server_.encoding(),
                             related = server_.client().diagnosticRelatedInformation] {
    json diagnostics = json::array();
    std::string text, reason;
    if (config.enabled && analysis::read_source_file(path, config.max_file_bytes, text, reason)) {
      auto lang = analysis::language_from_path(path);
      if (lang == analysis::Language::Unknown) lang = analysis::language_from_shebang(std::string_view(text).substr(0, text.find('\n')));
      auto result = analysis::analyze_text(text, lang, config, CancelToken{});
      diagnostics = file_diagnostics(uri, std::move(text), result.findings, encoding, related);
    }
    loop.post([this, uri, diagnostics = std::move(diagnostics)]() mutable {
      --jobs_in_flight_;
      auto it = closed_files_.find(uri);
      // Reopened meanwhile (its own results win) or dropped by a newer scan.
      if (it != closed_files_.end() && !server_.documents().find(uri) && !server_.shutting_down())
        publish_closed(uri, it->second, std::move(diagnostics));
      server_.check_sync_waiters();
    });
  });
  if (!queued) --jobs_in_flight_;
}

void DiagnosticsFeature::on_shutdown() {
  for (auto& [uri, st] : docs_) {
    if (st.running) st.running->cancel();
    if (st.debounce) st.debounce->stop();
  }
}

const analysis::AnalysisConfig& DiagnosticsFeature::config_for(const std::string& uri) const {
  if (folder_configs_.empty()) return config_;
  if (const auto* folder = server_.folder_of(uri))
    if (auto it = folder_configs_.find(folder->path); it != folder_configs_.end()) return it->second;
  return config_;
}

const DocumentFindings* DiagnosticsFeature::findings(const std::string& uri) const {
  auto it = docs_.find(uri);
  if (it == docs_.end() || !it->second.current) return nullptr;
  auto* doc = server_.documents().find(uri);
  if (!doc || doc->version() != it->second.current->version) return nullptr;
  return &*it->second.current;
}

json DiagnosticsFeature::pull_report(DocState& st, const std::optional<std::string>& previous) const {
  auto diags = merged(st);
  std::string id = result_id(st.current ? st.current->version : 0, diags);
  st.pulled_id = id;
  if (previous && *previous == id) return json{{"kind", "unchanged"}, {"resultId", id}};
  return json{{"kind", "full"}, {"resultId", id}, {"items", std::move(diags)}};
}

void DiagnosticsFeature::on_pull(const json& params, Reply reply) {
  std::string uri = params.at("textDocument").at("uri").get<std::string>();
  std::optional<std::string> previous;
  if (auto p = params.find("previousResultId"); p != params.end() && p->is_string()) previous = p->get<std::string>();
  auto* doc = server_.documents().find(uri);
  if (!doc) {
    reply.result(json{{"kind", "full"}, {"items", json::array()}});
    return;
  }
  auto& st = docs_[uri];
  if (st.current && st.current->version == doc->version()) {
    reply.result(pull_report(st, previous));
    return;
  }
  // Analysis for this version is pending: answer when it lands (flush the debounce).
  if (st.debounce && st.debounce->active()) {
    st.debounce->stop();
    start_job(uri);
  } else if (!st.running) {
    start_job(uri);
  }
  st.pull_waiters.push_back(std::move(reply));
}

protocol::Range DiagnosticsFeature::to_range(int line, int col, int end_line, int end_col,
                                             const protocol::DocumentSnapshot& snap,
                                             protocol::PositionEncoding encoding) {
  auto conv = [&](int l, int c) {
    if (l < 0) l = 0;
    std::size_t lines = snap.lines.line_count();
    if (static_cast<std::size_t>(l) >= lines) l = static_cast<int>(lines) - 1;
    auto text = snap.lines.line_text(snap.text, static_cast<std::size_t>(l));
    return protocol::Position{l, protocol::byte_column_to_character(text, static_cast<std::size_t>(std::max(c, 0)), encoding)};
  };
  protocol::Range r{conv(line, col), conv(end_line, end_col)};
  if (r.end.line < r.start.line || (r.end.line == r.start.line && r.end.character < r.start.character)) r.end = r.start;
  return r;
}

protocol::Diagnostic DiagnosticsFeature::to_diagnostic(const analysis::Finding& f, const protocol::DocumentSnapshot& snap,
                                                       protocol::PositionEncoding encoding, bool related) {
  protocol::Diagnostic d;
  d.range = to_range(f.line, f.column, f.end_line, f.end_column, snap, encoding);
  d.severity = static_cast<protocol::DiagnosticSeverity>(static_cast<int>(f.severity));
  d.code = f.rule;
  d.codeDescriptionHref = cwe_link(f.rule);
  if (related)
    for (const auto& step : f.related)
      d.relatedInformation.push_back(
          {snap.uri, to_range(step.line, step.column, step.line, step.end_column, snap, encoding), step.message});
  d.source = "codecrucible";
  d.message = f.message;
  // Quick fixes find their diagnostic through data (rule + line), never by exact range:
  // Neovim 0.7 sends ranges back in bytes.
  d.data = json{{"rule", f.rule}, {"category", f.category}, {"line", f.line}, {"version", snap.version}};
  if (f.fix) d.data->operator[]("fixable") = true;
  return d;
}

}  // namespace cc::server
