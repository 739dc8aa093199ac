// `codecrucible context FILE:LINE[:COL]`: prints exactly what an AI request at that position
// would send besides the code itself (each item: kind, path, range, reason, tokens), then the
// text. The workspace index is loaded from the cache directory when it is there (and saved
// back), so a second run only re-reads what changed.
#include <charconv>
#include <filesystem>
#include <iostream>

#include <spdlog/spdlog.h>

#include "analysis/display_text.h"
#include "analysis/index/index_builder.h"
#include "analysis/index/index_store.h"
#include "analysis/scan/workspace_scan.h"
#include "server/cli/commands.h"
#include "server/config.h"
#include "server/features/context_config.h"
#include "server/features/context_retrieval.h"

namespace cc::commands {
namespace {

namespace fs = std::filesystem;
constexpr int kExitUsage = 2;

std::optional<int> number(std::string_view s) {
  int v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || v < 1) return std::nullopt;
  return v;
}

struct Position {
  fs::path file;
  int line = 1;
  std::optional<int> col;
};

// FILE:LINE[:COL], read from the right so a path may itself hold ':'.
std::optional<Position> parse_position(const std::string& arg) {
  Position p;
  std::size_t c1 = arg.rfind(':');
  if (c1 == std::string::npos || c1 == 0) return std::nullopt;
  auto last = number(std::string_view(arg).substr(c1 + 1));
  if (!last) return std::nullopt;
  std::size_t c2 = arg.rfind(':', c1 - 1);
  if (c2 != std::string::npos && c2 > 0) {
    if (auto line = number(std::string_view(arg).substr(c2 + 1, c1 - c2 - 1))) {
      p.file = arg.substr(0, c2);
      p.line = *line;
      p.col = *last;
      return p;
    }
  }
  p.file = arg.substr(0, c1);
  p.line = *last;
  return p;
}

// The repository around `file` (the nearest folder with .git), else its folder.
fs::path default_root(const fs::path& file) {
  std::error_code ec;
  for (fs::path dir = file.parent_path(); !dir.empty(); dir = dir.parent_path()) {
    if (fs::exists(dir / ".git", ec)) return dir;
    if (dir == dir.root_path()) break;
  }
  return file.parent_path();
}

int run_context(const cli::CommandSpec& spec, const cli::ParsedArgs& args) {
  if (args.positionals.size() != 1) {
    std::cerr << "codecrucible context: give exactly one FILE:LINE[:COL]\n" << cli::format_help(spec);
    return kExitUsage;
  }
  auto pos = parse_position(args.positionals[0]);
  if (!pos) {
    std::cerr << "codecrucible context: '" << analysis::escape_for_display(args.positionals[0])
              << "' is not FILE:LINE[:COL] (1-based)\n";
    return kExitUsage;
  }
  std::error_code ec;
  fs::path file = fs::absolute(pos->file, ec).lexically_normal();
  fs::path root = args.get("root") ? fs::absolute(*args.get("root"), ec).lexically_normal() : default_root(file);
  if (!fs::is_directory(root, ec)) {
    std::cerr << "codecrucible context: root '" << analysis::escape_for_display(root.string()) << "' is not a directory\n";
    return kExitUsage;
  }
  std::vector<std::string> warnings;
  nlohmann::json settings = config::load_layers(args.get("config"), root, warnings);
  for (const auto& w : warnings) spdlog::warn("config: {}", w);
  server::ContextConfig cfg = server::context_config_from_json(settings);
  std::size_t budget = cfg.budget_tokens;
  if (auto b = args.get("budget")) {
    auto v = number(*b);
    if (!v && *b != "0") {
      std::cerr << "codecrucible context: --budget needs a number of tokens\n";
      return kExitUsage;
    }
    budget = v ? static_cast<std::size_t>(*v) : 0;
  }
  std::string purpose_name = args.get_or("purpose", "action");
  server::ContextPurpose purpose = server::ContextPurpose::Action;
  if (purpose_name == "tests") purpose = server::ContextPurpose::Tests;
  else if (purpose_name == "completion") purpose = server::ContextPurpose::Completion;
  else if (purpose_name != "action") {
    std::cerr << "codecrucible context: --purpose must be action, tests or completion\n";
    return kExitUsage;
  }

  analysis::FileListOptions options = server::index_file_options(settings);
  std::string text, reason;
  analysis::Language lang = analysis::language_from_path(file.string());
  if (lang == analysis::Language::Unknown) {
    std::cerr << "codecrucible context: " << analysis::escape_for_display(file.string()) << ": unsupported language\n";
    return kExitUsage;
  }
  if (!analysis::read_source_file(file, options.max_file_bytes, text, reason)) {
    std::cerr << "codecrucible context: " << analysis::escape_for_display(file.string()) << ": " << reason << "\n";
    return kExitUsage;
  }

  analysis::WorkspaceIndex index;
  fs::path store = analysis::index_file_for(config::user_cache_dir(), {root});
  std::vector<analysis::IndexedFilePtr> previous;
  if (cfg.persist) {
    auto loaded = analysis::load_index(store);
    if (!loaded.error.empty()) spdlog::info("index: {}", loaded.error);
    previous = std::move(loaded.files);
  }
  analysis::IndexBuildStats stats;
  {
    ThreadPool pool(ThreadPool::default_size());
    stats = analysis::build_index(index, {root}, options, pool, CancelToken{}, previous);
  }
  spdlog::info("index: {} files ({} read, {} reused) in {:.3f} s", stats.files_listed, stats.files_indexed,
               stats.files_reused, stats.seconds);
  if (cfg.persist && (stats.files_indexed > 0 || stats.files_removed > 0 || previous.empty())) {
    std::string error;
    if (!analysis::save_index(index, store, error)) spdlog::warn("index: {}", error);
  }

  const std::string path = file.generic_string();
  server::ContextQuery q;
  q.path = path;
  q.language = lang;
  q.text = text;
  q.self = index.file(path);
  if (!q.self || q.self->hash != analysis::content_hash(text))
    q.self = analysis::index_text(path, lang, text, analysis::mtime_ns(file));
  q.first_line = q.last_line = pos->line - 1;
  q.cursor_col = pos->col ? *pos->col - 1 : -1;
  q.budget_tokens = budget;
  q.purpose = purpose;
  q.root = root.generic_string();
  q.read_file = [&options](const std::string& p) {
    std::string t, why;
    return analysis::read_source_file(p, options.max_file_bytes, t, why) ? t : std::string{};
  };
  server::ContextResult result = server::retrieve_context(index, q);

  std::string shown = server::display_path(path, q.root);
  if (args.has("json")) {
    nlohmann::json out{{"file", shown},
                       {"line", pos->line},
                       {"root", q.root},
                       {"budget", budget},
                       {"tokens", result.tokens},
                       {"dropped", result.dropped},
                       {"summary", result.summary()},
                       {"items", server::context_items_json(result, q.root, true)}};
    if (pos->col) out["column"] = *pos->col;
    std::cout << out.dump(1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    return 0;
  }
  std::cout << "context for " << analysis::escape_for_display(shown) << ":" << pos->line
            << (pos->col ? ":" + std::to_string(*pos->col) : "") << ": " << result.items.size() << " items, "
            << result.tokens << " of " << budget << " tokens";
  if (result.dropped) std::cout << " (" << result.dropped << " left out by the budget)";
  std::cout << "; " << result.summary() << "\n";
  for (const auto& i : result.items)
    std::cout << "  " << i.kind << "  " << analysis::escape_for_display(server::display_path(i.path, q.root)) << ":"
              << i.first_line + 1 << "-" << i.last_line + 1 << "  " << i.tokens << " tokens  "
              << analysis::escape_for_display(i.reason) << "\n";
  std::string rendered = server::render_context(result, q.root);
  if (!rendered.empty()) std::cout << "\n" << rendered;
  return 0;
}

}  // namespace

const cli::CommandSpec& context() {
  static const cli::CommandSpec spec{
      "context",
      "show the related code an AI request at FILE:LINE would send",
      "codecrucible context FILE:LINE[:COL] [--root DIR] [--budget TOKENS] [--purpose P] [--json] [options]",
      "Indexes the workspace (DIR, default: the repository around FILE) honouring .gitignore and\n"
      "analysis.exclude, then prints what an AI action at that position would send besides the code itself:\n"
      "each item's kind (enclosing-function, class-header, definition, imports, recent-edit, test), path,\n"
      "line range, why it was chosen and its estimated tokens, then the text. Secrets are redacted as in\n"
      "every prompt. With COL the position is a cursor (as for completion), without it the whole line is the\n"
      "selection. The index is kept in the cache directory (context.persist) so the next run is fast.\n"
      "Exit status: 0, or 2 on usage errors and unreadable files.",
      {
          {"root", "DIR", "workspace folder (default: the nearest folder with .git above FILE, else FILE's folder)"},
          {"budget", "TOKENS", "token budget (default: context.budgetTokens, 2000)"},
          {"purpose", "P", "action (default), tests (adds existing tests) or completion"},
          {"json", "", "JSON output with the text of every item"},
      },
      &run_context};
  return spec;
}

}  // namespace cc::commands
