// Reading a model's context window from discovery answers: each server's own field, the
// running window before the trained one, and nothing implausible from a hostile answer.
#include "generation/backends/context_window.h"

#include <gtest/gtest.h>

using namespace cc::gen;
using nlohmann::json;

TEST(ContextWindow, OllamaPrefersNumCtxOverTheTrainedLength) {
  json show = {{"parameters", "stop \"<|im_end|>\"\nnum_ctx                        16384\ntemperature 0.2"},
               {"model_info", {{"general.architecture", "qwen2"}, {"qwen2.context_length", 32768}}}};
  EXPECT_EQ(ollama_context_window(show), 16384u);
}

TEST(ContextWindow, OllamaWithoutNumCtxRunsAtItsDefault) {
  json show = {{"model_info", {{"general.architecture", "llama"}, {"llama.context_length", 131072}}}};
  EXPECT_EQ(ollama_context_window(show), kOllamaDefaultContext);
  show["model_info"]["llama.context_length"] = 2048;
  EXPECT_EQ(ollama_context_window(show), 2048u);
  EXPECT_EQ(ollama_context_window(json{{"parameters", "num_ctxx 99999\nnum_ctx"}}), std::nullopt);
  EXPECT_EQ(ollama_context_window(json::array()), std::nullopt);
}

TEST(ContextWindow, OpenAiCompatibleServersEachTheirOwnField) {
  EXPECT_EQ(openai_model_context_window({{"id", "m"}, {"max_model_len", 32768}}), 32768u);                      // vLLM
  EXPECT_EQ(openai_model_context_window({{"id", "m"}, {"loaded_context_length", 8192}, {"max_context_length", 131072}}),
            8192u);                                                                                            // LM Studio
  EXPECT_EQ(openai_model_context_window({{"id", "m"}, {"context_length", "65536"}}), 65536u);                 // as a string
  EXPECT_EQ(openai_model_context_window({{"id", "m"}, {"meta", {{"n_ctx_train", 4096}}}}), 4096u);           // llama.cpp
  EXPECT_EQ(openai_model_context_window({{"id", "m"}, {"owned_by", "x"}}), std::nullopt);
  EXPECT_EQ(llamacpp_props_context_window({{"default_generation_settings", {{"n_ctx", 2048}}}}), 2048u);
  EXPECT_EQ(llamacpp_props_context_window({{"n_ctx", 2048}}), std::nullopt);
}

TEST(ContextWindow, ImplausibleValuesAreIgnored) {
  for (json v : {json(-4096), json(0), json(12), json(1e30), json(9007199254740993ull), json("4096 tokens"),
                 json("99999999999999999999"), json(nullptr), json::object(), json(true), json(4096.5)})
    EXPECT_EQ(plausible_context(v), std::nullopt) << v.dump();
  EXPECT_EQ(plausible_context(json(4096)), 4096u);
  EXPECT_EQ(plausible_context(json("8192")), 8192u);
}
