// Bridge between the data-flow engine and the rule passes: the engine's verdict on a sink replaces
// the pattern rules' findings of the same family on that line (one finding per sink).
#include <algorithm>
#include <set>

#include "analysis/flow/engine.h"
#include "analysis/rules/rules.h"

namespace cc::analysis {
namespace {

std::optional<flow::Family> pattern_rule_family(std::string_view rule) {
  using flow::Family;
  if (rule == "sql-dynamic-query") return Family::Sql;
  if (rule == "cmd-shell-dynamic" || rule == "py-subprocess-shell" || rule == "go-exec-shell") return Family::Command;
  if (rule == "code-eval" || rule == "py-exec" || rule == "java-script-eval" || rule == "js-new-function")
    return Family::Code;
  if (rule == "java-readobject" || rule == "py-pickle-load" || rule == "py-yaml-load" || rule == "js-unserialize")
    return Family::Deserialization;
  return std::nullopt;
}

}  // namespace

void run_flow_rules(RuleContext& ctx) {
  flow::FlowResult result = flow::run_flow(ctx.text, ctx.lx, ctx.structure, ctx.lang, ctx.budget, ctx.flow_cache);
  if (result.visited.empty() && result.findings.empty()) return;
  std::set<std::pair<int, flow::Family>> judged(result.visited.begin(), result.visited.end());
  auto replaced = [&](const RawFinding& r) {
    if (r.from_flow || r.line_override >= 0) return false;
    auto family = pattern_rule_family(r.rule);
    return family && judged.count({ctx.lx.line_of(r.begin), *family}) > 0;
  };
  ctx.out.erase(std::remove_if(ctx.out.begin(), ctx.out.end(), replaced), ctx.out.end());
  for (auto& f : result.findings) {
    if (ctx.out.size() >= RuleContext::kMaxFindings) {
      ctx.overflow = true;
      break;
    }
    RawFinding r{f.rule, f.begin, f.end, std::move(f.detail), std::nullopt};
    r.severity = f.severity;
    r.from_flow = true;
    for (auto& step : f.path) r.related.push_back({step.offset, step.offset + 1, std::move(step.note)});
    ctx.out.push_back(std::move(r));
  }
}

}  // namespace cc::analysis
