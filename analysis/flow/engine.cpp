#include "analysis/flow/engine.h"

#include "analysis/flow/interpreter.h"

namespace cc::analysis::flow {

FlowResult run_flow(std::string_view text, const LexedSource& lx, const StructureInfo& structure, Language lang,
                    Budget& budget) {
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
  for (std::size_t k = 0; k < functions.size(); ++k) {
    if (!functions[k].triggered) continue;
    if (budget.expired()) break;
    shared.statements_left = kStatementsPerFunction;
    shared.stack.clear();
    interpret(shared, static_cast<int>(k), {}, false);
  }
  for (auto& [key, f] : shared.findings) result.findings.push_back(std::move(f));
  result.visited = std::move(shared.visited);
  return result;
}

}  // namespace cc::analysis::flow
