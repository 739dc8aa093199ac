// `codecrucible analyze PATH...`: static analysis from the command line (CI, pre-commit).
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <optional>

#include <spdlog/spdlog.h>

#include "analysis/analysis_config.h"
#include "analysis/display_text.h"
#include "analysis/report_format.h"
#include "analysis/report_writer.h"
#include "analysis/scan/thread_pool.h"
#include "analysis/scan/workspace_scan.h"
#include "server/cli/commands.h"
#include "server/config.h"
#include "server/version.h"

namespace cc::commands {
namespace {

namespace fs = std::filesystem;
using namespace cc::analysis;

constexpr int kExitClean = 0;
constexpr int kExitFindings = 1;
constexpr int kExitUsage = 2;

std::string display_path(const fs::path& path, const fs::path& cwd) {
  std::error_code ec;
  fs::path abs = path.is_absolute() ? path : cwd / path;
  abs = abs.lexically_normal();
  fs::path rel = abs.lexically_relative(cwd);
  if (rel.empty()) return abs.generic_string();
  return rel.generic_string();
}

std::string file_uri(const fs::path& dir) {
  std::string s = dir.generic_string();
  if (s.empty() || s.back() != '/') s.push_back('/');
  return "file://" + percent_encode_path(s);
}

// A single-line progress bar on stderr (only when stderr is a terminal).
class ProgressBar {
 public:
  explicit ProgressBar(bool enabled) : enabled_(enabled) {}
  void update(const ScanProgress& p) {
    if (!enabled_) return;
    std::size_t total = std::max(p.files_queued, p.files_done);
    int width = 30;
    int filled = total ? static_cast<int>(width * p.files_done / total) : 0;
    std::fprintf(stderr, "\r[%s%s] %zu/%zu%s files", std::string(static_cast<std::size_t>(filled), '#').c_str(),
                 std::string(static_cast<std::size_t>(width - filled), ' ').c_str(), p.files_done, total,
                 p.walking_done ? "" : "+");
    std::fflush(stderr);
    drawn_ = true;
  }
  void finish() {
    if (enabled_ && drawn_) std::fprintf(stderr, "\r\033[K");
  }

 private:
  bool enabled_;
  bool drawn_ = false;
};

int run_analyze(const cli::CommandSpec& spec, const cli::ParsedArgs& args) {
  if (args.positionals.empty()) {
    std::cerr << "codecrucible analyze: no PATH given\n" << cli::format_help(spec);
    return kExitUsage;
  }
  std::string format = args.get_or("format", "text");
  if (format != "text" && format != "json" && format != "sarif") {
    std::cerr << "codecrucible analyze: --format must be text, json or sarif\n";
    return kExitUsage;
  }
  std::optional<Severity> fail_on;
  std::string fail_on_name = args.get_or("fail-on", "none");
  if (fail_on_name != "none") {
    fail_on = severity_from_string(fail_on_name);
    if (!fail_on) {
      std::cerr << "codecrucible analyze: --fail-on must be error, warning, information, hint or none\n";
      return kExitUsage;
    }
  }
  std::error_code ec;
  fs::path cwd = fs::current_path(ec);

  std::vector<std::string> warnings;
  nlohmann::json merged = cc::config::load_layers(args.get("config"), cwd, warnings);
  AnalysisConfig config = analysis_config_from_json(merged, warnings);
  for (const auto& w : warnings) spdlog::warn("config: {}", w);
  if (args.get("config") && !fs::exists(*args.get("config"))) {
    std::cerr << "codecrucible analyze: config file '" << escape_for_display(*args.get("config")) << "' does not exist\n";
    return kExitUsage;
  }

  std::size_t jobs = config.jobs;
  if (auto j = args.get("jobs")) {
    try {
      long n = std::stol(*j);
      if (n < 0 || n > 1024) throw std::out_of_range("jobs");
      jobs = static_cast<std::size_t>(n);
    } catch (const std::exception&) {
      std::cerr << "codecrucible analyze: --jobs needs a number between 0 and 1024\n";
      return kExitUsage;
    }
  }
  if (jobs == 0) jobs = ThreadPool::default_size();

  std::vector<fs::path> roots;
  for (const auto& p : args.positionals) roots.emplace_back(p);

  const ReportFormat report_format =
      format == "json" ? ReportFormat::Json : format == "sarif" ? ReportFormat::Sarif : ReportFormat::Text;
  ProgressBar bar(format == "text" && isatty(STDERR_FILENO) != 0);
  ScanSummary summary;
  std::optional<ReportWriter> report;
  {
    ThreadPool pool(jobs);
    // One slot per worker (and one for the calling thread): each worker renders the files it
    // analysed into its own slot, with no lock and while the others still analyse.
    report.emplace(report_format, pool.size() + 1);
    ScanCallbacks callbacks;
    callbacks.on_file_concurrent = [&](FileReport&& file, std::size_t worker) {
      std::string shown = display_path(file.path, cwd);
      if (!file.result.skipped_reason.empty()) {
        spdlog::info("skipped {}: {}", escape_for_display(shown), file.result.skipped_reason);
        return;
      }
      if (file.result.truncated) spdlog::warn("{}: analysis stopped early; results are partial", escape_for_display(shown));
      report->add(worker, std::move(shown), std::move(file.result.findings));
    };
    callbacks.on_progress = [&](const ScanProgress& p) { bar.update(p); };
    summary = scan_workspace(roots, config, pool, CancelToken{}, callbacks);
  }
  bar.finish();
  // Paths come from the file system: escaped, one line each (analysis/display_text.h).
  for (const auto& e : summary.errors) std::cerr << "codecrucible analyze: " << escape_for_display(e) << "\n";
  for (const auto& u : summary.unreadable) std::cerr << "codecrucible analyze: cannot read " << escape_for_display(u) << "\n";
  if (summary.unreadable_count > summary.unreadable.size())
    std::cerr << "codecrucible analyze: ... and " << summary.unreadable_count - summary.unreadable.size()
              << " more unreadable entries\n";

  const std::size_t finding_count = report->finding_count();
  const bool failed = fail_on && report->any_at_least(*fail_on);
  ReportStats stats{summary.files_analyzed, summary.bytes, summary.seconds, summary.walk_seconds,
                    summary.worker_seconds};
  report->write(std::cout, stats, kVersion, file_uri(cwd));
  if (report_format == ReportFormat::Text) {
    std::cerr << finding_count << " finding" << (finding_count == 1 ? "" : "s") << " in "
              << summary.files_analyzed << " file" << (summary.files_analyzed == 1 ? "" : "s") << " ("
              << summary.files_skipped << " skipped"
              << (summary.unreadable_count ? ", " + std::to_string(summary.unreadable_count) + " unreadable" : "") << ")\n";
  }
  std::cout.flush();
  if (!summary.errors.empty() || summary.unreadable_count) return kExitUsage;
  return failed ? kExitFindings : kExitClean;
}

}  // namespace

const cli::CommandSpec& analyze() {
  static const cli::CommandSpec spec{
      "analyze",
      "run the static analyzer over files and directories",
      "codecrucible analyze PATH... [--format text|json|sarif] [--fail-on SEVERITY] [--jobs N] [options]",
      "Directories are walked recursively, honouring .gitignore files, the analysis.exclude globs and\n"
      "analysis.maxFileBytes; .git, node_modules and build directories are skipped; binary files are skipped.\n"
      "Output goes to stdout: compiler-style text (default), JSON ({\"findings\": [...], \"stats\": {...}}) or\n"
      "SARIF 2.1.0 for GitHub code scanning. Paths are relative to the current directory, lines and columns\n"
      "1-based. In text output control characters and bytes that are not UTF-8 in names are escaped (\\n,\n"
      "\\xNN); JSON gives such a name with U+FFFD in \"file\" and byte-exact, percent-encoded, in \"uri\".\n"
      "JSON \"stats\" say where the time went: seconds (the scan, wall), walkSeconds and workerSeconds (CPU\n"
      "seconds listing directories and reading + analysing files, summed over the --jobs threads).\n\n"
      "Exit status: 0 when no finding reaches --fail-on (default: none, i.e. findings never fail the run),\n"
      "1 when at least one finding has that severity or worse, 2 on usage errors or unreadable paths (given,\n"
      "or found inside a directory: each is named on stderr).\n"
      "Suppress a finding with a comment `codecrucible-ignore: RULE-OR-CATEGORY` on the line or the line above.",
      {
          {"format", "FMT", "text (default), json or sarif"},
          {"fail-on", "SEVERITY", "exit 1 when a finding is at least error|warning|information|hint (default: none)"},
          {"jobs", "N", "worker threads (default: analysis.jobs, 0 = one per core)"},
      },
      &run_analyze};
  return spec;
}

}  // namespace cc::commands
