#include "server/features/context_config.h"

#include <algorithm>

namespace cc::server {

ContextConfig context_config_from_json(const nlohmann::json& settings) {
  ContextConfig c;
  if (!settings.is_object()) return c;
  auto bounded = [](const nlohmann::json& o, const char* key, std::size_t max, std::size_t& out) {
    auto it = o.find(key);
    if (it != o.end() && it->is_number_unsigned()) out = std::min<std::size_t>(it->get<std::size_t>(), max);
  };
  if (auto it = settings.find("context"); it != settings.end() && it->is_object()) {
    const auto& o = *it;
    if (auto e = o.find("enabled"); e != o.end() && e->is_boolean()) c.enabled = e->get<bool>();
    if (auto e = o.find("persist"); e != o.end() && e->is_boolean()) c.persist = e->get<bool>();
    bounded(o, "budgetTokens", 65536, c.budget_tokens);
    c.budget_set = o.contains("budgetTokens") && o["budgetTokens"].is_number_unsigned();
    bounded(o, "completionBudgetTokens", 8192, c.completion_budget_tokens);
    bounded(o, "recentEdits", 20, c.recent_edits);
  }
  if (auto it = settings.find("symbols"); it != settings.end() && it->is_object())
    if (auto e = it->find("enabled"); e != it->end() && e->is_boolean()) c.symbols_enabled = e->get<bool>();
  return c;
}

std::size_t action_context_budget(const ContextConfig& config, std::optional<std::size_t> model_window) {
  if (!model_window) return config.budget_tokens;
  std::size_t quarter = *model_window / 4;
  if (config.budget_set) return std::min(config.budget_tokens, quarter);
  return std::min<std::size_t>(quarter, 8192);
}

std::size_t completion_context_budget(const ContextConfig& config, std::optional<std::size_t> model_window) {
  if (!model_window) return config.completion_budget_tokens;
  return std::min(config.completion_budget_tokens, *model_window / 16);
}

}  // namespace cc::server

#include <string>
#include <vector>

#include "analysis/analysis_config.h"

namespace cc::server {

analysis::FileListOptions index_file_options(const nlohmann::json& settings) {
  std::vector<std::string> warnings;  // the analyzer's reader reports them already
  analysis::AnalysisConfig a = analysis::analysis_config_from_json(settings, warnings);
  analysis::FileListOptions o;
  o.exclude = a.exclude;
  o.max_file_bytes = a.max_file_bytes;
  o.respect_gitignore = a.respect_gitignore;
  return o;
}

}  // namespace cc::server
