#pragma once
// The `context` and `symbols` settings (server/settings.schema.json). Never throws: values of
// the wrong type keep the default (the schema check reports unknown keys).
#include <cstddef>
#include <optional>

#include <nlohmann/json.hpp>

namespace cc::server {

struct ContextConfig {
  bool enabled = true;
  std::size_t budget_tokens = 2000;
  bool budget_set = false;  // budgetTokens given in the settings (else the model's window decides)
  std::size_t completion_budget_tokens = 384;
  bool persist = true;
  std::size_t recent_edits = 5;
  bool symbols_enabled = false;
};

ContextConfig context_config_from_json(const nlohmann::json& settings);

// Token budgets for related code, given the model's context window when a server reported one
// (GenerationService::model_context_tokens). Actions get a quarter of the window: the rest holds
// the selection, the instructions and the answer. Without budgetTokens in the settings the
// quarter is the budget (at most 8192: local models read long prompts slowly); with it, the
// quarter caps the setting. Completion keeps its small budget, within a
// sixteenth of the window. No window: the settings as they are.
std::size_t action_context_budget(const ContextConfig& config, std::optional<std::size_t> model_window);
std::size_t completion_context_budget(const ContextConfig& config, std::optional<std::size_t> model_window);

}  // namespace cc::server

#include "analysis/index/file_list.h"

namespace cc::server {
// The files the index may hold: analysis.exclude and analysis.maxFileBytes apply, as they do
// to the analyzer, so nothing excluded there is ever indexed or sent.
analysis::FileListOptions index_file_options(const nlohmann::json& settings);
}  // namespace cc::server
