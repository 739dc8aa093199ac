#include "generation/backends/context_window.h"

#include <algorithm>
#include <charconv>
#include <string>
#include <string_view>

namespace cc::gen {
namespace {

using nlohmann::json;

constexpr std::size_t kMinContext = 256;
constexpr std::size_t kMaxContext = 16u << 20;

std::optional<std::size_t> in_range(std::size_t n) {
  if (n < kMinContext || n > kMaxContext) return std::nullopt;
  return n;
}

std::optional<std::size_t> parse_digits(std::string_view s) {
  std::size_t n = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (ec != std::errc() || end == s.data()) return std::nullopt;
  return in_range(n);
}

// `parameters` is Modelfile text: one "name value" pair per line.
std::optional<std::size_t> num_ctx_parameter(std::string_view parameters) {
  while (!parameters.empty()) {
    std::size_t eol = parameters.find('\n');
    std::string_view line = parameters.substr(0, eol);
    parameters = eol == std::string_view::npos ? std::string_view{} : parameters.substr(eol + 1);
    std::size_t start = line.find_first_not_of(" \t");
    if (start == std::string_view::npos || line.substr(start, 7) != "num_ctx") continue;
    line.remove_prefix(start + 7);
    std::size_t digits = line.find_first_not_of(" \t");
    if (digits == 0 || digits == std::string_view::npos) continue;  // "num_ctxfoo" or no value
    if (auto n = parse_digits(line.substr(digits))) return n;
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::size_t> plausible_context(const json& value) {
  if (value.is_number_unsigned()) return in_range(value.get<std::size_t>());
  if (value.is_number_integer() && value.get<long long>() > 0) return in_range(static_cast<std::size_t>(value.get<long long>()));
  if (value.is_string()) {
    const auto& s = value.get_ref<const std::string&>();
    if (s.size() <= 12 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; })) return parse_digits(s);
  }
  return std::nullopt;
}

std::optional<std::size_t> ollama_context_window(const json& show) {
  if (!show.is_object()) return std::nullopt;
  if (auto p = show.find("parameters"); p != show.end() && p->is_string())
    if (auto n = num_ctx_parameter(p->get_ref<const std::string&>())) return n;
  auto info = show.find("model_info");
  if (info == show.end() || !info->is_object()) return std::nullopt;
  for (const auto& [key, value] : info->items()) {
    constexpr std::string_view kSuffix = ".context_length";
    if (key.size() > kSuffix.size() && key.ends_with(kSuffix))
      if (auto n = plausible_context(value)) return std::min(*n, kOllamaDefaultContext);
  }
  return std::nullopt;
}

std::optional<std::size_t> openai_model_context_window(const json& entry) {
  if (!entry.is_object()) return std::nullopt;
  for (const char* key : {"max_model_len", "loaded_context_length", "context_length", "max_context_length"})
    if (auto it = entry.find(key); it != entry.end())
      if (auto n = plausible_context(*it)) return n;
  if (auto meta = entry.find("meta"); meta != entry.end() && meta->is_object())
    if (auto it = meta->find("n_ctx_train"); it != meta->end()) return plausible_context(*it);
  return std::nullopt;
}

std::optional<std::size_t> llamacpp_props_context_window(const json& props) {
  if (!props.is_object()) return std::nullopt;
  auto settings = props.find("default_generation_settings");
  if (settings == props.end() || !settings->is_object()) return std::nullopt;
  auto n = settings->find("n_ctx");
  return n == settings->end() ? std::nullopt : plausible_context(*n);
}

}  // namespace cc::gen
