#include "server/features/workspace.h"

#include <spdlog/spdlog.h>

#include <chrono>

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

void WorkspaceFeature::on_analyze(const json& args, Reply reply, const RequestContext& ctx) {
  std::string root;
  const json& arg = args.is_array() && !args.empty() ? args[0] : args;
  if (arg.is_object() && arg.contains("root") && arg["root"].is_string()) root = arg["root"].get<std::string>();
  else if (server_.workspace_root()) root = *server_.workspace_root();
  if (root.empty()) {
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

  auto config = diagnostics_.config();
  auto encoding = server_.encoding();
  auto weak = std::weak_ptr<bool>(alive_);
  // Clear what the previous scan published for files that are not open.
  for (const auto& uri : published_)
    if (!server_.documents().find(uri)) server_.notify("textDocument/publishDiagnostics", json{{"uri", uri}, {"diagnostics", json::array()}});
  published_.clear();

  runner_ = std::thread([this, root, config, encoding, weak, cancel, progress, reply] {
    // A whole-tree scan is background work: its walker and workers run at a lower priority so
    // the event loop (and diagnostics for the files being edited) keep the CPU when they need it.
    // (The pool first: threads inherit their creator's priority.)
    ThreadPool pool(config.jobs ? config.jobs : ThreadPool::default_size(), ThreadPool::Priority::Background);
    lower_current_thread_priority();
    std::size_t findings = 0;  // guarded by the scanner: callbacks never run concurrently
    analysis::ScanCallbacks callbacks;
    callbacks.on_file = [this, weak, encoding, &findings](analysis::FileReport&& report) {
      if (report.result.findings.empty()) return;
      // Convert here: byte columns need the line text, which only this worker has.
      std::string text, reason;
      if (!analysis::read_source_file(report.path, UINT64_MAX, text, reason)) return;
      protocol::DocumentSnapshot snap;
      snap.uri = path_to_uri(std::filesystem::absolute(report.path).lexically_normal().string());
      snap.text = std::move(text);
      snap.lines = protocol::LineIndex(snap.text);
      json diags = json::array();
      for (const auto& f : report.result.findings) diags.push_back(DiagnosticsFeature::to_diagnostic(f, snap, encoding));
      findings += report.result.findings.size();
      enqueue([this, weak, uri = snap.uri, diags = std::move(diags)]() mutable {
        if (weak.expired() || server_.shutting_down()) return;
        if (server_.documents().find(uri)) return;  // open documents have their own, fresher results
        published_.insert(uri);
        server_.notify("textDocument/publishDiagnostics", json{{"uri", uri}, {"diagnostics", std::move(diags)}});
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
    auto summary = analysis::scan_workspace({std::filesystem::path(root)}, config, pool, cancel.token(), callbacks);
    json result{{"root", root},
                {"filesAnalyzed", summary.files_analyzed},
                {"filesSkipped", summary.files_skipped},
                {"filesIgnored", summary.files_ignored},
                {"bytes", summary.bytes},
                {"seconds", summary.seconds},
                {"findings", findings},
                {"cancelled", summary.cancelled},
                {"errors", summary.errors}};
    enqueue([this, weak, progress, reply, result = std::move(result)] {
      if (weak.expired()) return;
      scanning_ = false;
      bool cancelled = result.value("cancelled", false);
      progress->end(cancelled ? "cancelled" : std::to_string(result.value("findings", 0)) + " findings");
      if (cancelled) reply.error(protocol::ErrorCode::RequestCancelled, "workspace analysis cancelled");
      else reply.result(result);
      server_.check_sync_waiters();
    });
  });
}

}  // namespace cc::server
