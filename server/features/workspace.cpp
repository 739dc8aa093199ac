#include "server/features/workspace.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <mutex>

#include "analysis/scan/background_priority.h"
#include "analysis/scan/workspace_scan.h"

namespace cc::server {

namespace {
// Longest the loop spends on scan results before letting timers and I/O run.
constexpr auto kOutboxSlice = std::chrono::microseconds(500);
}  // namespace

void WorkspaceFeature::enqueue(std::function<void()> fn) {
  bool post = false;
  {
    std::lock_guard lock(outbox_mutex_);
    outbox_.push_back(std::move(fn));
    post = !pump_posted_;
    pump_posted_ = true;
  }
  if (post) post_pump();
}

void WorkspaceFeature::post_pump() {
  auto weak = std::weak_ptr<bool>(alive_);
  if (!server_.loop().post([this, weak] {
        if (!weak.expired()) pump();
      })) {
    std::lock_guard lock(outbox_mutex_);  // the loop is closing: nothing will run
    pump_posted_ = false;
  }
}

void WorkspaceFeature::pump() {
  const auto deadline = std::chrono::steady_clock::now() + kOutboxSlice;
  do {
    std::function<void()> fn;
    {
      std::lock_guard lock(outbox_mutex_);
      if (outbox_.empty()) {
        pump_posted_ = false;
        return;
      }
      fn = std::move(outbox_.front());
      outbox_.pop_front();
    }
    fn();
  } while (std::chrono::steady_clock::now() < deadline);
  // More may be waiting: continue on a later loop iteration, after timers and I/O.
  post_pump();
}

WorkspaceFeature::WorkspaceFeature(Server& server, DiagnosticsFeature& diagnostics, ProgressFeature& progress)
    : server_(server), diagnostics_(diagnostics), progress_(progress) {
  server_.on_command("codecrucible.analyzeWorkspace",
                     [this](const json& a, Reply r, const RequestContext& c) { on_analyze(a, std::move(r), c); });
}

WorkspaceFeature::~WorkspaceFeature() {
  *alive_ = false;
  cancel_.cancel();
  if (runner_.joinable()) runner_.join();
}

void WorkspaceFeature::on_shutdown() { cancel_.cancel(); }

namespace {

// Counts behind the one-line summary editors show ("42 findings in 17 files: 5 errors, ...").
struct FindingCounts {
  std::size_t total = 0;
  std::size_t files = 0;                       // files with at least one finding
  std::array<std::size_t, 4> by_severity{};    // error, warning, information, hint
};

std::string plural(std::size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::string summary_text(const FindingCounts& c, std::size_t files_analyzed, bool cancelled) {
  std::string text = cancelled ? "Cancelled: " : "";
  if (c.total == 0) return text + "no findings in " + plural(files_analyzed, "file", "files");
  text += plural(c.total, "finding", "findings") + " in " + plural(c.files, "file", "files") + ": ";
  static constexpr const char* kNames[4][2] = {
      {"error", "errors"}, {"warning", "warnings"}, {"information", "information"}, {"hint", "hints"}};
  std::string parts;
  for (std::size_t i = 0; i < c.by_severity.size(); ++i) {
    if (c.by_severity[i] == 0) continue;
    if (!parts.empty()) parts += ", ";
    parts += plural(c.by_severity[i], kNames[i][0], kNames[i][1]);
  }
  return text + parts;
}

// One root of a scan, with the settings of the workspace folder it is.
struct ScanRoot {
  std::filesystem::path path;
  analysis::AnalysisConfig config;
  std::vector<std::string> nested;  // paths of other workspace folders inside it: theirs, not ours
};

bool inside_any(const std::string& path, const std::vector<std::string>& dirs) {
  for (const auto& d : dirs)
    if (path.size() > d.size() && path.rfind(d, 0) == 0 && path[d.size()] == '/') return true;
  return false;
}

}  // namespace

void WorkspaceFeature::on_analyze(const json& args, Reply reply, const RequestContext& ctx) {
  // {"root": path}, {"roots": [paths]}, {"rootUris": [file URIs]} (Neovim), or nothing:
  // every workspace folder.
  std::vector<std::string> roots;
  const json& arg = args.is_array() && !args.empty() ? args[0] : args;
  if (arg.is_object() && arg.contains("root") && arg["root"].is_string()) roots.push_back(arg["root"].get<std::string>());
  if (arg.is_object() && arg.contains("roots") && arg["roots"].is_array())
    for (const auto& r : arg["roots"])
      if (r.is_string()) roots.push_back(r.get<std::string>());
  if (arg.is_object() && arg.contains("rootUris") && arg["rootUris"].is_array())
    for (const auto& r : arg["rootUris"])
      if (auto path = r.is_string() ? uri_to_path(r.get<std::string>()) : std::nullopt) roots.push_back(*path);
  if (roots.empty())
    for (const auto& f : server_.workspace_folders()) roots.push_back(f.path);
  if (roots.empty() && server_.workspace_root()) roots.push_back(*server_.workspace_root());
  if (roots.empty()) {
    reply.error(protocol::ErrorCode::InvalidParams, "no workspace folder is open; pass {\"root\": \"/path\"}");
    return;
  }
  if (scanning_) {
    reply.error(protocol::ErrorCode::RequestFailed, "a workspace analysis is already running");
    return;
  }
  if (runner_.joinable()) runner_.join();
  scanning_ = true;
  cancel_ = CancelSource{};
  CancelSource cancel = cancel_;
  ctx.cancel.on_cancel([cancel] { cancel.cancel(); });
  auto progress = progress_.begin(ctx.work_done_token, "CodeCrucible: analysing workspace", "finding files", true,
                                  [cancel] { cancel.cancel(); });

  std::vector<ScanRoot> scan_roots;
  std::vector<std::string> paths;
  for (const auto& r : roots) {
    std::string p = std::filesystem::absolute(r).lexically_normal().string();
    while (p.size() > 1 && p.back() == '/') p.pop_back();
    if (std::find(paths.begin(), paths.end(), p) != paths.end()) continue;
    paths.push_back(p);
    scan_roots.push_back(ScanRoot{p, diagnostics_.config_for(path_to_uri(p)), {}});
  }
  for (auto& root : scan_roots)
    for (const auto& p : paths)
      if (inside_any(p, {root.path.string()})) root.nested.push_back(p);
  const std::size_t jobs = scan_roots.front().config.jobs;
  auto encoding = server_.encoding();
  auto weak = std::weak_ptr<bool>(alive_);
  const std::uint64_t scan = diagnostics_.begin_scan();

  runner_ = std::thread([this, scan_roots, jobs, encoding, weak, cancel, progress, reply, scan] {
    // A whole-tree scan is background work: its walker and workers run at a lower priority so
    // the event loop (and diagnostics for the files being edited) keep the CPU when they need it.
    // (The pool first: threads inherit their creator's priority.)
    ThreadPool pool(jobs ? jobs : ThreadPool::default_size(), ThreadPool::Priority::Background);
    lower_current_thread_priority();
    std::mutex counts_mutex;
    FindingCounts counts;  // guarded by counts_mutex
    const std::vector<std::string>* nested = nullptr;  // of the root being scanned (set between scans)
    analysis::ScanCallbacks callbacks;
    // Concurrent: each worker turns its own files into diagnostics (reading the file again for
    // byte columns) without waiting for the others; the loop gets them through the outbox.
    callbacks.on_file_concurrent = [this, weak, encoding, scan, &counts, &counts_mutex, &nested](
                                       analysis::FileReport&& report, std::size_t /*worker*/) {
      if (!report.result.skipped_reason.empty()) return;  // not analysed: nothing to show
      std::string path = std::filesystem::absolute(report.path).lexically_normal().string();
      if (inside_any(path, *nested)) return;  // scanned as its own folder, with its settings
      std::string uri = path_to_uri(path);
      json diags = json::array();
      if (!report.result.findings.empty()) {
        // Convert here: byte columns need the line text, which only this worker has.
        std::string text, reason;
        if (!analysis::read_source_file(report.path, UINT64_MAX, text, reason)) return;
        diags = DiagnosticsFeature::file_diagnostics(uri, std::move(text), report.result.findings, encoding);
        std::lock_guard lock(counts_mutex);
        counts.total += report.result.findings.size();
        ++counts.files;
        for (const auto& f : report.result.findings) {
          auto i = static_cast<std::size_t>(f.severity) - 1;
          if (i < counts.by_severity.size()) ++counts.by_severity[i];
        }
      }
      // Clean files are reported too: the diagnostics feature then knows the scan covers them.
      enqueue([this, weak, scan, uri = std::move(uri), diags = std::move(diags)]() mutable {
        if (weak.expired() || server_.shutting_down()) return;
        diagnostics_.scanned_file(uri, std::move(diags), scan);
      });
    };
    callbacks.on_progress = [this, weak, progress](const analysis::ScanProgress& p) {
      std::optional<int> pct;
      if (p.walking_done && p.files_queued > 0) pct = static_cast<int>(100 * p.files_done / p.files_queued);
      std::string msg = std::to_string(p.files_done);
      if (p.walking_done) msg.append("/").append(std::to_string(p.files_queued));
      msg += " files";
      enqueue([weak, progress, msg, pct] {
        if (!weak.expired()) progress->report(msg, pct);
      });
    };
    analysis::ScanSummary summary;
    for (const auto& root : scan_roots) {
      if (cancel.token().cancelled()) break;
      nested = &root.nested;
      auto part = analysis::scan_workspace({root.path}, root.config, pool, cancel.token(), callbacks);
      summary.files_analyzed += part.files_analyzed;
      summary.files_skipped += part.files_skipped;
      summary.files_ignored += part.files_ignored;
      summary.bytes += part.bytes;
      summary.seconds += part.seconds;
      summary.cancelled |= part.cancelled;
      summary.errors.insert(summary.errors.end(), part.errors.begin(), part.errors.end());
    }
    summary.cancelled |= cancel.token().cancelled();
    std::vector<std::filesystem::path> paths;
    for (const auto& root : scan_roots) paths.push_back(root.path);
    json root_list = json::array();
    for (const auto& p : paths) root_list.push_back(p.string());
    json result{{"root", paths.front().string()},
                {"roots", std::move(root_list)},
                {"filesAnalyzed", summary.files_analyzed},
                {"filesSkipped", summary.files_skipped},
                {"filesIgnored", summary.files_ignored},
                {"filesWithFindings", counts.files},
                {"bytes", summary.bytes},
                {"seconds", summary.seconds},
                {"findings", counts.total},
                {"severities", {{"error", counts.by_severity[0]}, {"warning", counts.by_severity[1]},
                                {"information", counts.by_severity[2]}, {"hint", counts.by_severity[3]}}},
                {"summary", summary_text(counts, summary.files_analyzed, summary.cancelled)},
                {"cancelled", summary.cancelled},
                {"errors", summary.errors}};
    enqueue([this, weak, progress, reply, scan, paths, result = std::move(result)] {
      if (weak.expired()) return;
      scanning_ = false;
      bool cancelled = result.value("cancelled", false);
      // A complete scan is the truth for its roots: files it no longer reports lose their
      // diagnostics (deleted, now ignored). A cancelled one only added what it saw.
      if (!cancelled && !server_.shutting_down())
        for (const auto& root : paths) diagnostics_.end_scan(root, scan);
      progress->end(cancelled ? "cancelled" : result.value("summary", std::string()));
      if (cancelled) reply.error(protocol::ErrorCode::RequestCancelled, "workspace analysis cancelled");
      else reply.result(result);
      server_.check_sync_waiters();
    });
  });
}

}  // namespace cc::server
