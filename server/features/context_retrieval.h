#pragma once
// Retrieval for a position: what the model should see besides the code it is asked about.
//
// Items, each with kind, path, line range, reason and an estimated token count:
//   enclosing-function  the function around the selection (when the selection is not all of it)
//   class-header        the header and member signatures of the class around it
//   definition          definitions of identifiers used in the selection (or near the cursor):
//                       same file first, then imported modules, then the workspace by name,
//                       ranked by import relationships and path proximity
//   imports             the file's import lines
//   recent-edit         snippets the user edited recently in other files of the workspace
//   test                existing tests of the same module ("Generate tests")
// Everything within a token budget, trimmed by rank, secrets redacted (generation/redact).
// Only what the index holds is retrieved, so nothing outside the workspace or excluded by
// settings or .gitignore can be sent; recent edits count only for indexed files.
// Pure apart from `read_file` (used for test files); thread-safe.
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/index/workspace_index.h"

namespace cc::server {

enum class ContextPurpose { Action, Tests, Completion };

struct RecentEdit {
  std::string path;  // absolute
  int first_line = 0;
  int last_line = 0;
  std::string text;  // the lines as they are now
};

struct ContextQuery {
  std::string path;            // absolute path of the file asked about
  analysis::Language language = analysis::Language::Unknown;
  std::string_view text;       // its current text
  analysis::IndexedFilePtr self;  // its index entry (for the current text when possible)
  int first_line = 0;          // selection (0-based, inclusive); a cursor has first == last
  int last_line = 0;
  int cursor_col = -1;         // byte column of the cursor on first_line; -1: a selection
  std::size_t budget_tokens = 2000;
  ContextPurpose purpose = ContextPurpose::Action;
  std::vector<RecentEdit> recent;  // most recent first
  std::string root;                // workspace folder, for display paths ("" = absolute)
  // Reads a file for test snippets; empty when unreadable. Optional.
  std::function<std::string(const std::string& path)> read_file;
};

struct ContextItem {
  std::string kind;
  std::string path;       // absolute
  int first_line = 0;     // 0-based, inclusive
  int last_line = 0;
  std::string reason;
  std::string text;       // redacted
  std::size_t tokens = 0;
  double score = 0;
};

struct ContextResult {
  std::vector<ContextItem> items;  // in rank order
  std::size_t tokens = 0;
  std::size_t budget_tokens = 0;
  std::size_t dropped = 0;         // candidates left out by the budget
  // "using 6 definitions from 3 files"
  [[nodiscard]] std::string summary() const;
};

// Rough token count: what local models' tokenizers average on code (4 bytes a token).
std::size_t estimate_tokens(std::string_view text);

ContextResult retrieve_context(const analysis::WorkspaceIndex& index, const ContextQuery& query);

// The items as a prompt section (paths relative to `root`); "" when there are none.
std::string render_context(const ContextResult& result, const std::string& root);
// The items as line comments of `language`, for fill-in-the-middle prompts.
std::string render_context_comments(const ContextResult& result, const std::string& root, analysis::Language language);
// The items as JSON (kind, path, range {start,end} 1-based lines, reason, tokens), for the CLI
// and the trace.
nlohmann::json context_items_json(const ContextResult& result, const std::string& root, bool with_text);
std::string display_path(const std::string& path, const std::string& root);

}  // namespace cc::server
