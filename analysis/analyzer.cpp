#include "analysis/analyzer.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "analysis/lang/lexer.h"
#include "analysis/rules/catalog.h"
#include "analysis/rules/rules.h"
#include "analysis/lang/structure.h"
#include "analysis/lang/text_util.h"

namespace cc::analysis {

bool looks_binary(std::string_view text) {
  return text.substr(0, 8192).find('\0') != std::string_view::npos;
}

namespace {

// line -> suppressed rule ids/categories (an empty set suppresses everything).
using Suppressions = std::map<int, std::vector<std::string>>;

Suppressions collect_suppressions(std::string_view text, const LexedSource& lx) {
  Suppressions out;
  static constexpr std::string_view marker = "codecrucible-ignore";
  for (const auto& c : lx.comments) {
    std::string_view body = text.substr(c.begin, c.end - c.begin);
    std::size_t p = body.find(marker);
    while (p != std::string_view::npos) {
      std::size_t k = p + marker.size();
      std::vector<std::string> names;
      bool all = true;
      if (k < body.size() && body[k] == ':') {
        ++k;
        for (;;) {
          while (k < body.size() && (body[k] == ' ' || body[k] == ',' || body[k] == '\t')) ++k;
          std::size_t b = k;
          while (k < body.size() && (is_ident_char(body[k]) || body[k] == '-')) ++k;
          if (k == b) break;
          names.emplace_back(body.substr(b, k - b));
          all = false;
        }
      }
      int line = lx.line_of(c.begin + p);
      for (int l : {line, line + 1}) {
        auto& entry = out[l];
        if (all) {
          entry.clear();
          entry.push_back("*");
        } else if (entry.empty() || entry.front() != "*") {
          entry.insert(entry.end(), names.begin(), names.end());
        }
      }
      p = body.find(marker, p + marker.size());
    }
  }
  return out;
}

bool suppressed(const Suppressions& s, int line, std::string_view rule, std::string_view category) {
  auto it = s.find(line);
  if (it == s.end()) return false;
  for (const auto& name : it->second)
    if (name == "*" || name == rule || name == category) return true;
  return false;
}

}  // namespace

AnalysisResult analyze_text(std::string_view text, Language lang, const AnalysisConfig& config,
                            const CancelToken& cancel, flow::FunctionCache* flow_cache) {
  AnalysisResult result;
  if (!config.enabled) {
    result.skipped_reason = "analysis is disabled";
    return result;
  }
  if (lang == Language::Unknown) {
    result.skipped_reason = "unsupported language";
    return result;
  }
  if (looks_binary(text)) {
    result.skipped_reason = "binary file (NUL byte in the first 8 KiB)";
    return result;
  }
  const auto start = std::chrono::steady_clock::now();
  Budget budget(cancel, start + config.task_deadline);
  try {
    LexedSource lx = lex(text, lang, cancel);
    if (lx.cancelled) {
      result.truncated = true;
      return result;
    }
    StructureInfo structure = analyze_structure(text, lx, lang, config.thresholds.nesting, cancel);
    std::vector<RawFinding> raw;
    RuleContext ctx{text, lx, lx.code, lang, structure, config, budget, raw, {}};
    ctx.flow_cache = flow_cache;
    build_taint(ctx);
    if (!budget.expired()) run_sink_rules(ctx);
    if (!budget.expired()) run_cookie_rules(ctx);
    if (!budget.expired()) run_xxe_rules(ctx);
    if (!budget.expired()) run_literal_rules(ctx);
    if (!budget.expired()) run_shell_rules(ctx);
    if (!budget.expired()) run_flow_rules(ctx);
    if (!budget.expired()) run_quality_rules(ctx);
    result.truncated = budget.stopped() || cancel.cancelled() || ctx.overflow;
    if (ctx.overflow)
      spdlog::warn("analysis stopped reporting after {} findings in one document", RuleContext::kMaxFindings);
    if (budget.timed_out())
      spdlog::warn("analysis exceeded its {} ms deadline; returning partial results", config.task_deadline.count());

    Suppressions suppress = collect_suppressions(text, lx);
    std::set<std::pair<int, std::string_view>> seen;  // one finding per rule and line
    for (auto& r : raw) {
      const RuleInfo* info = find_rule(r.rule);
      if (!info) continue;
      if (!config.rule_enabled(info->id, info->category)) continue;
      Finding f;
      if (r.line_override >= 0) {
        f.line = f.end_line = r.line_override;
        f.column = r.col;
        f.end_column = r.end_col;
      } else {
        f.line = lx.line_of(r.begin);
        f.column = static_cast<int>(r.begin - lx.line_starts[static_cast<std::size_t>(f.line)]);
        std::size_t end = std::max(r.end, r.begin + 1);
        end = std::min(end, text.size());
        f.end_line = lx.line_of(end > 0 ? end - 1 : 0);
        f.end_column = static_cast<int>(end - lx.line_starts[static_cast<std::size_t>(f.end_line)]);
        if (f.end_line == f.line && f.end_column <= f.column) f.end_column = f.column + 1;
      }
      if (suppressed(suppress, f.line, info->id, info->category)) continue;
      if (!seen.insert({f.line, info->id}).second) continue;
      f.severity = config.rule_severity(info->id, info->category, r.severity.value_or(info->default_severity));
      for (const auto& step : r.related) {
        RelatedLocation loc;
        std::size_t at = std::min(step.begin, text.size());
        loc.line = lx.line_of(at);
        loc.column = static_cast<int>(at - lx.line_starts[static_cast<std::size_t>(loc.line)]);
        std::size_t end = at;
        while (end < text.size() && (is_ident_char(text[end]) || text[end] == '$')) ++end;
        loc.end_column = loc.column + static_cast<int>(std::max<std::size_t>(end - at, 1));
        loc.message = step.message + " (line " + std::to_string(loc.line + 1) + ")";
        f.related.push_back(std::move(loc));
      }
      f.rule = std::string(info->id);
      f.category = std::string(info->category);
      std::string head = r.detail.empty() ? std::string(info->short_description) : r.detail;
      f.message = head + ". " + std::string(info->help);
      f.fix = std::move(r.fix);
      result.findings.push_back(std::move(f));
    }
    std::sort(result.findings.begin(), result.findings.end(), [](const Finding& a, const Finding& b) {
      return std::tie(a.line, a.column, a.rule) < std::tie(b.line, b.column, b.rule);
    });
  } catch (const std::exception& e) {
    // Analysis must never take the caller down; report what happened instead.
    spdlog::error("analysis failed: {}", e.what());
    result.findings.clear();
    result.skipped_reason = std::string("internal error: ") + e.what();
  }
  return result;
}

}  // namespace cc::analysis
