#include "analysis/flow/engine.h"

#include <functional>

#include "analysis/flow/function_cache.h"
#include "analysis/flow/interpreter.h"

namespace cc::analysis::flow {
namespace {

// The function's own text: from its parameter list (or body) to the end of its body.
std::size_t first_byte(const FunctionModel& f) {
  return f.params_end > f.params_begin ? std::min(f.params_begin, f.body_begin) : f.body_begin;
}

std::uint64_t mix(std::uint64_t h, std::uint64_t v) { return (h ^ v) * 0x100000001b3ull + (h >> 29); }

std::uint64_t verdict_key(std::string_view text, const FunctionModel& f, Language lang, std::uint64_t names) {
  std::size_t begin = first_byte(f);
  std::uint64_t h = std::hash<std::string_view>{}(text.substr(begin, f.body_end - begin));
  h = mix(h, f.body_end - begin);
  h = mix(h, static_cast<std::uint64_t>(lang) * 2 + (f.route ? 1 : 0));
  return mix(h, names);
}

std::uint64_t function_names_hash(const std::vector<FunctionModel>& functions) {
  std::uint64_t h = 0x9e3779b97f4a7c15ull;
  for (const auto& f : functions) h = mix(h, std::hash<std::string>{}(f.name));
  return h;
}

// The verdict in function-relative offsets, or null when it reaches outside the function.
std::shared_ptr<FunctionVerdict> relative_verdict(const FindingMap& findings, const std::vector<std::pair<int, Family>>& visited,
                                                  const LexedSource& lx, const FunctionModel& f) {
  const std::size_t base = first_byte(f);
  const int base_line = lx.line_of(base);
  auto inside = [&](std::size_t at) { return at >= base && at <= f.body_end; };
  auto v = std::make_shared<FunctionVerdict>();
  for (const auto& [key, finding] : findings) {
    FlowFinding rel = finding;
    if (!inside(rel.begin) || !inside(rel.end)) return nullptr;
    rel.begin -= base;
    rel.end -= base;
    for (auto& step : rel.path) {
      if (!inside(step.offset)) return nullptr;
      step.offset -= base;
    }
    v->findings.push_back(std::move(rel));
  }
  for (const auto& [line, family] : visited) v->visited.emplace_back(line - base_line, family);
  return v;
}

void apply_verdict(const FunctionVerdict& v, const LexedSource& lx, const FunctionModel& f, FindingMap& findings,
                   std::vector<std::pair<int, Family>>& visited) {
  const std::size_t base = first_byte(f);
  const int base_line = lx.line_of(base);
  for (FlowFinding finding : v.findings) {
    finding.begin += base;
    finding.end += base;
    for (auto& step : finding.path) step.offset += base;
    merge_finding(findings, std::move(finding));
  }
  for (const auto& [line, family] : v.visited) visited.emplace_back(line + base_line, family);
}

}  // namespace

void merge_finding(FindingMap& into, FlowFinding f) {
  auto key = std::make_pair(f.begin, f.family);
  auto it = into.find(key);
  if (it == into.end()) into.emplace(key, std::move(f));
  else if (static_cast<int>(f.severity) < static_cast<int>(it->second.severity)) it->second = std::move(f);
}

FlowResult run_flow(std::string_view text, const LexedSource& lx, const StructureInfo& structure, Language lang,
                    Budget& budget, FunctionCache* cache) {
  FlowResult result;
  const LanguageTables* tables = tables_for(lang);
  if (!tables) return result;
  std::vector<FunctionModel> functions = find_functions(text, lx, structure, lang, *tables);
  bool any = false;
  for (const auto& f : functions) any = any || f.triggered;
  if (!any) return result;
  const TableIndex index(*tables);
  Shared shared{text, lx, lang, *tables, index, functions, {}, budget, {}, {}, 0, {}};
  for (std::size_t k = 0; k < functions.size(); ++k)
    shared.function_index.emplace(functions[k].name, static_cast<int>(k));
  const std::uint64_t names = cache ? function_names_hash(functions) : 0;
  FindingMap findings;
  std::vector<std::pair<int, Family>> visited;
  for (std::size_t k = 0; k < functions.size(); ++k) {
    const FunctionModel& f = functions[k];
    if (!f.triggered) continue;
    if (budget.expired()) break;
    const std::uint64_t key = cache ? verdict_key(text, f, lang, names) : 0;
    if (cache)
      if (auto verdict = cache->find(key)) {
        apply_verdict(*verdict, lx, f, findings, visited);
        continue;
      }
    // Each function interprets into empty sets, so what it found alone can be kept.
    shared.findings.clear();
    shared.visited.clear();
    shared.statements_left = kStatementsPerFunction;
    shared.stack.clear();
    shared.inlined = 0;
    interpret(shared, static_cast<int>(k), {}, false);
    if (cache && shared.inlined == 0 && !budget.expired())
      if (auto verdict = relative_verdict(shared.findings, shared.visited, lx, f)) cache->store(key, std::move(verdict));
    for (auto& [key_, finding] : shared.findings) merge_finding(findings, std::move(finding));
    visited.insert(visited.end(), shared.visited.begin(), shared.visited.end());
  }
  for (auto& [key, f] : findings) result.findings.push_back(std::move(f));
  result.visited = std::move(visited);
  return result;
}

}  // namespace cc::analysis::flow
