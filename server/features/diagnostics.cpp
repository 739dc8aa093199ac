#include "server/features/diagnostics.h"

#include <spdlog/spdlog.h>

#include "analysis/analyzer.h"
#include "analysis/lang/language.h"
#include "analysis/rules/catalog.h"

namespace cc::server {

namespace {

// CWE pages for the security categories: where an editor shows `code` as a link.
std::optional<std::string> cwe_link(std::string_view category) {
  static const std::map<std::string_view, int> kCwe = {
      {"secret", 798},          {"code-injection", 94},   {"command-injection", 78}, {"sql-injection", 89},
      {"weak-crypto", 327},     {"insecure-random", 338}, {"unsafe-memory", 120},    {"tls-disabled", 295},
      {"unsafe-deserialization", 502}, {"xss", 79},
  };
  auto it = kCwe.find(category);
  if (it == kCwe.end()) return std::nullopt;
  return "https://cwe.mitre.org/data/definitions/" + std::to_string(it->second) + ".html";
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
  // Re-analyse open documents with the new rules.
  if (server_.lifecycle() == Lifecycle::Running)
    for (const auto& uri : server_.documents().uris())
      if (auto* doc = server_.documents().find(uri)) schedule(*doc, 0);
}

void DiagnosticsFeature::on_document_opened(const protocol::Document& doc) { schedule(doc, 0); }

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
  auto config = config_;
  const auto encoding = server_.encoding();
  ++jobs_in_flight_;
  auto& loop = server_.loop();
  bool queued = pool_->post([this, &loop, snap, token, encoding, config = std::move(config)] {
    std::vector<analysis::Finding> findings;
    std::vector<protocol::Diagnostic> diagnostics;
    std::string why;  // binary or partial: worth telling the user; other skips are routine
    if (config.enabled && !token.cancelled()) {
      auto result = analysis::analyze_text(snap->text, language_of(*snap), config, token);
      if (!result.skipped_reason.empty()) spdlog::debug("{} not analysed: {}", snap->uri, result.skipped_reason);
      if (result.skipped_reason.rfind("binary", 0) == 0) why = "not analysed: " + result.skipped_reason;
      else if (result.truncated && !token.cancelled()) why = "analysis stopped at its deadline; diagnostics are partial";
      findings = std::move(result.findings);
      // Converted here, off the loop: positions need the snapshot's lines, which this job has.
      diagnostics.reserve(findings.size());
      for (const auto& f : findings) diagnostics.push_back(to_diagnostic(f, *snap, encoding));
    }
    // Posted even when cancelled so the in-flight count stays right.
    loop.post([this, snap, token, why = std::move(why), findings = std::move(findings),
               diagnostics = std::move(diagnostics)]() mutable {
      --jobs_in_flight_;
      if (!token.cancelled()) {
        if (!why.empty()) notice(snap->uri, why);
        on_results(snap->uri, snap->version, snap, std::move(findings), std::move(diagnostics));
      }
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
}

void DiagnosticsFeature::on_document_closed(const std::string& uri) {
  auto it = docs_.find(uri);
  if (it == docs_.end()) return;
  if (it->second.running) it->second.running->cancel();
  for (auto& r : it->second.pull_waiters) r.error(protocol::ErrorCode::RequestFailed, "document closed");
  bool had = it->second.published_nonempty;
  docs_.erase(it);
  if (!pull_mode() && had) server_.notify("textDocument/publishDiagnostics", json{{"uri", uri}, {"diagnostics", json::array()}});
  server_.check_sync_waiters();
}

void DiagnosticsFeature::on_shutdown() {
  for (auto& [uri, st] : docs_) {
    if (st.running) st.running->cancel();
    if (st.debounce) st.debounce->stop();
  }
}

const DocumentFindings* DiagnosticsFeature::findings(const std::string& uri) const {
  auto it = docs_.find(uri);
  if (it == docs_.end() || !it->second.current) return nullptr;
  auto* doc = server_.documents().find(uri);
  if (!doc || doc->version() != it->second.current->version) return nullptr;
  return &*it->second.current;
}

json DiagnosticsFeature::pull_report(const DocState& st, const std::optional<std::string>& previous) const {
  auto diags = merged(st);
  std::string id = result_id(st.current ? st.current->version : 0, diags);
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
                                                       protocol::PositionEncoding encoding) {
  protocol::Diagnostic d;
  d.range = to_range(f.line, f.column, f.end_line, f.end_column, snap, encoding);
  d.severity = static_cast<protocol::DiagnosticSeverity>(static_cast<int>(f.severity));
  d.code = f.rule;
  d.codeDescriptionHref = cwe_link(f.category);
  d.source = "codecrucible";
  d.message = f.message;
  // Quick fixes find their diagnostic through data (rule + line), never by exact range:
  // Neovim 0.7 sends ranges back in bytes.
  d.data = json{{"rule", f.rule}, {"category", f.category}, {"line", f.line}, {"version", snap.version}};
  if (f.fix) d.data->operator[]("fixable") = true;
  return d;
}

}  // namespace cc::server
