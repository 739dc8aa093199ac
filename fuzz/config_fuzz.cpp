// Fuzzes configuration files: the text a repository commits as .codecrucible.json (or a user
// writes as config.json) through the whole reading path: the depth-capped, repairing JSON
// parser, the object check, the schema's unknown-key walk, the merge into the layers and the
// analysis settings reader.
//
// Oracle: never a crash, an exception or unbounded recursion; an accepted layer is an object
// no deeper than the cap that survives a serialise/parse round trip unchanged, and merging it
// twice changes nothing the second time. Every warning names its source.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "analysis/analysis_config.h"
#include "protocol/json_input.h"
#include "protocol/json_wire.h"
#include "server/config.h"

namespace {

void require(bool ok, const char* what) {
  if (!ok) {
    fprintf(stderr, "config invariant violated: %s\n", what);
    abort();
  }
}

std::size_t depth_of(const nlohmann::json& j) {
  // Iterative: the value under test must not be able to overflow the oracle's stack either.
  std::size_t deepest = 0;
  std::vector<std::pair<const nlohmann::json*, std::size_t>> stack{{&j, 1}};
  while (!stack.empty()) {
    auto [v, d] = stack.back();
    stack.pop_back();
    if (!v->is_structured()) continue;
    deepest = std::max(deepest, d);
    for (const auto& child : *v) stack.push_back({&child, d + 1});
  }
  return deepest;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> warnings;
  auto layer = cc::config::parse_config_text(text, "fuzz.json", warnings);
  for (const auto& w : warnings) require(w.rfind("fuzz.json", 0) == 0, "a warning that does not name its source");
  if (!layer) {
    require(!warnings.empty(), "a refused layer without a warning");
    return 0;
  }
  require(layer->is_object(), "an accepted layer that is not an object");
  require(depth_of(*layer) <= cc::protocol::kMaxJsonDepth, "an accepted layer deeper than the cap");

  const std::string wire = cc::protocol::dump_wire(*layer);
  auto again = cc::protocol::parse_untrusted_json(wire);
  require(again.ok() && again.value == *layer, "the layer does not survive a round trip");
  require(cc::protocol::dump_for_log(*layer, 1024).size() <= 1024 + 8, "a log dump past its bound");

  nlohmann::json merged = nlohmann::json::object();
  cc::config::merge_layer(merged, *layer);
  nlohmann::json twice = merged;
  cc::config::merge_layer(twice, *layer);
  require(twice == merged, "merging a layer twice changed the result");

  std::vector<std::string> analysis_warnings;
  (void)cc::analysis::analysis_config_from_json(merged, analysis_warnings);
  return 0;
}
