#pragma once
// A model's context window (in tokens) as model servers report it, read from their discovery
// answers. Every reader returns nullopt unless the answer holds a plausible integer, so a
// hostile or unusual server never yields a zero or absurd budget.
#include <cstddef>
#include <optional>

#include <nlohmann/json.hpp>

namespace cc::gen {

// Ollama's own default when neither the Modelfile nor the request sets num_ctx: the window
// the server actually runs with, whatever the model was trained for.
inline constexpr std::size_t kOllamaDefaultContext = 4096;

// An integer in [256, 16M] (a JSON number or a string of digits); nullopt otherwise.
std::optional<std::size_t> plausible_context(const nlohmann::json& value);

// Ollama /api/show: `num_ctx` in the `parameters` text when the Modelfile sets it, else the
// trained `<architecture>.context_length` from `model_info` capped at Ollama's default.
std::optional<std::size_t> ollama_context_window(const nlohmann::json& show);

// An entry of an OpenAI-compatible /models list: vLLM's `max_model_len`, LM Studio's
// `loaded_context_length` / `max_context_length`, `context_length` (OpenRouter and others),
// or llama.cpp's trained `meta.n_ctx_train`.
std::optional<std::size_t> openai_model_context_window(const nlohmann::json& entry);

// llama.cpp's /props: the context the server was started with (`default_generation_settings.n_ctx`).
std::optional<std::size_t> llamacpp_props_context_window(const nlohmann::json& props);

}  // namespace cc::gen
