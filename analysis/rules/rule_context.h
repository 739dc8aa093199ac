#pragma once
// Shared state and helpers for rule passes over one lexed document. Not thread-safe: one
// RuleContext per analysis; rules only read the text, lexed view and structure.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "analysis/analysis_config.h"
#include "analysis/scan/background_priority.h"
#include "analysis/finding.h"
#include "analysis/lang/language.h"
#include "analysis/lang/lexer.h"
#include "analysis/lang/structure.h"
#include "protocol/cancellation.h"

namespace cc::analysis::flow {
class FunctionCache;
}

namespace cc::analysis {

struct RawFinding {
  std::string_view rule;
  std::size_t begin = 0;  // byte offsets into the text
  std::size_t end = 0;
  std::string detail;     // specific first sentence; the rule's help text follows
  std::optional<QuickFix> fix;
  int line_override = -1; // for structural findings anchored to a line/column directly
  int col = 0, end_col = 0;
  std::optional<Severity> severity;  // the finding's own default (data flow: error when tainted)
  bool from_flow = false;            // produced by the data-flow engine
  struct Related {
    std::size_t begin = 0, end = 0;
    std::string message;
  };
  std::vector<Related> related;
};

// Cooperative stop: cancellation or the per-task deadline.
class Budget {
 public:
  Budget(const CancelToken& cancel, std::chrono::steady_clock::time_point deadline)
      : cancel_(cancel), deadline_(deadline) {}
  // Cheap enough to call per token: reads the clock (and lets a waiting loop run) every 256 calls.
  bool expired() {
    if (stopped_) return true;
    if (cancel_.cancelled()) return stopped_ = true;
    if ((++calls_ & 255) == 0) {
      background_checkpoint();
      if (std::chrono::steady_clock::now() > deadline_) return stopped_ = timed_out_ = true;
    }
    return false;
  }
  bool timed_out() const { return timed_out_; }
  bool stopped() const { return stopped_; }

 private:
  const CancelToken& cancel_;
  std::chrono::steady_clock::time_point deadline_;
  unsigned calls_ = 0;
  bool stopped_ = false;
  bool timed_out_ = false;
};

struct Range {
  std::size_t begin = 0, end = 0;
  [[nodiscard]] bool empty() const { return end <= begin; }
};

// The string literals (regexes excluded) that start inside a range: a view over the lexer's
// sorted literal list, so asking costs two binary searches and no allocation.
class LiteralsIn {
 public:
  class iterator {
   public:
    iterator(const StringLiteral* p, const StringLiteral* end) : p_(p), end_(end) { skip_regexes(); }
    const StringLiteral* operator*() const { return p_; }
    iterator& operator++() {
      ++p_;
      skip_regexes();
      return *this;
    }
    bool operator==(const iterator& other) const { return p_ == other.p_; }
    bool operator!=(const iterator& other) const { return p_ != other.p_; }

   private:
    void skip_regexes() {
      while (p_ != end_ && p_->kind == '/') ++p_;
    }
    const StringLiteral* p_;
    const StringLiteral* end_;
  };
  LiteralsIn(const StringLiteral* begin, const StringLiteral* end) : begin_(begin), end_(end) {}
  [[nodiscard]] iterator begin() const { return {begin_, end_}; }
  [[nodiscard]] iterator end() const { return {end_, end_}; }
  [[nodiscard]] bool empty() const { return begin() == end(); }

 private:
  const StringLiteral* begin_;
  const StringLiteral* end_;
};

struct RuleContext {
  std::string_view text;
  const LexedSource& lx;
  std::string_view code;  // lx.code
  Language lang;
  const StructureInfo& structure;
  const AnalysisConfig& config;
  Budget& budget;
  std::vector<RawFinding>& out;

  // Assignments of variables in document order: dynamically built strings (tainted) and plain
  // values (untainted). Looked up by position so the latest assignment before a sink wins.
  struct TaintEvent {
    std::size_t offset;
    int function;  // innermost function index, -1 at top level
    bool tainted;
    bool sql;
  };
  struct NameHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, std::vector<TaintEvent>, NameHash, std::equal_to<>> taint;
  // Bloom-style filter over the names in `taint` (length and first/last byte), so the words of
  // every expression can be checked without hashing them. Call taint_filter_add for each new name.
  std::uint64_t taint_filter = 0;
  static std::uint64_t taint_filter_bit(std::string_view name) {
    if (name.empty()) return 0;
    unsigned h = static_cast<unsigned char>(name.front()) * 31u + static_cast<unsigned char>(name.back()) * 7u +
                 static_cast<unsigned>(name.size());
    return std::uint64_t{1} << (h & 63);
  }
  void taint_filter_add(std::string_view name) { taint_filter |= taint_filter_bit(name); }
  bool taint_filter_may_contain(std::string_view name) const { return (taint_filter & taint_filter_bit(name)) != 0; }
  // The innermost function containing a line (index into structure.functions), or -1.
  int function_at(int line) const;
  // The latest assignment of `name` before `offset` in the same function, if it built a dynamic string.
  const TaintEvent* taint_at(std::string_view name, std::size_t offset) const;

  // Upper bound on findings per document: keeps memory bounded on generated or hostile files.
  static constexpr std::size_t kMaxFindings = 10000;
  bool overflow = false;
  // Verdicts of unchanged functions from earlier analyses of this document (may be null).
  flow::FunctionCache* flow_cache = nullptr;

  void emit(std::string_view rule, std::size_t begin, std::size_t end, std::string detail = {},
            std::optional<QuickFix> fix = std::nullopt) {
    if (out.size() >= kMaxFindings) {
      overflow = true;
      return;
    }
    out.push_back(RawFinding{rule, begin, end, std::move(detail), std::move(fix)});
  }

  // ---- navigation on the code view ----
  std::size_t skip_ws(std::size_t k, std::size_t limit = std::string_view::npos) const;
  std::size_t skip_ws_back(std::size_t k) const;  // returns position after the last non-space before k
  // For a name ending at `name_end`: the argument range inside `( ... )` if a call follows
  // (generic arguments `<T>` are skipped). Bounded search.
  std::optional<Range> call_args(std::size_t name_end) const;
  // Splits an argument range at top-level commas.
  std::vector<Range> split_args(Range r) const;
  // The receiver chain text before a name (`os.` in `os.system`), empty if none.
  std::string_view receiver(std::size_t name_begin) const;
  // The statement's expression range from `from` (after `=` etc.) to its end.
  Range statement_rest(std::size_t from) const;

  // ---- expression facts ----
  // Literal strings starting inside the range (excluding regexes).
  LiteralsIn literals_in(Range r) const;
  // True when the range is exactly one non-interpolated string literal (or concatenated literals).
  bool is_constant_string(Range r) const;
  // True when the range holds only literals/constants (no identifiers outside literals except ALL_CAPS).
  bool is_constant_expr(Range r) const;
  // Built at run time from a string: interpolation, concatenation or formatting with a
  // non-constant, or a tainted variable. `sqlish` receives whether the string looks like SQL.
  bool is_dynamic_string(Range r, bool* sqlish = nullptr) const;
  std::string_view content(const StringLiteral& s) const { return text.substr(s.content_begin, s.content_end - s.content_begin); }
  std::string_view code_of(Range r) const { return code.substr(r.begin, r.end - r.begin); }

  // Names of the function/class scopes enclosing a line, innermost first.
  std::vector<std::string_view> scopes_at(int line) const;

  // (implementation detail) Interval trees flattened per line, built on first use: innermost function/scope of each
  // line and each scope's parent. Keeps lookups O(1)/O(depth) on very large files.
  struct LineIndex {
    bool built = false;
    std::vector<int> function_of_line;
    std::vector<int> scope_of_line;
    std::vector<int> scope_parent;
  };
  mutable LineIndex index_;
  void build_index() const;
};

bool looks_like_sql(std::string_view s);

}  // namespace cc::analysis
