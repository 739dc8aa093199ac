#pragma once
// The `context` and `symbols` settings (server/settings.schema.json). Never throws: values of
// the wrong type keep the default (the schema check reports unknown keys).
#include <cstddef>

#include <nlohmann/json.hpp>

namespace cc::server {

struct ContextConfig {
  bool enabled = true;
  std::size_t budget_tokens = 2000;
  std::size_t completion_budget_tokens = 384;
  bool persist = true;
  std::size_t recent_edits = 5;
  bool symbols_enabled = false;
};

ContextConfig context_config_from_json(const nlohmann::json& settings);

}  // namespace cc::server

#include "analysis/index/file_list.h"

namespace cc::server {
// The files the index may hold: analysis.exclude and analysis.maxFileBytes apply, as they do
// to the analyzer, so nothing excluded there is ever indexed or sent.
analysis::FileListOptions index_file_options(const nlohmann::json& settings);
}  // namespace cc::server
