// Voices: built-ins, presets, lookup by id / name / unique prefix, errors that list the
// voices, the string-vs-list trap, user voices and presets from config, apply_voice.
#include <gtest/gtest.h>

#include <set>

#include "generation/voices/voices.h"

namespace cc::gen {
namespace {

TEST(Voices, TenDistinctBuiltinsWithOwnPromptsTemperaturesAndTiers) {
  VoiceRegistry registry;
  ASSERT_EQ(registry.all().size(), 10u);
  std::set<std::string> prompts, ids;
  std::set<double> temperatures;
  for (const auto& v : registry.all()) {
    ids.insert(v.id);
    prompts.insert(v.system_prompt);
    temperatures.insert(v.temperature);
    EXPECT_GT(v.system_prompt.size(), 200u) << v.id;
    EXPECT_TRUE(v.builtin);
  }
  EXPECT_EQ(prompts.size(), 10u);
  EXPECT_GE(temperatures.size(), 5u);  // not one fixed temperature
  EXPECT_EQ(ids, (std::set<std::string>{"explorer", "maintainer", "analyzer", "developer", "implementor", "security",
                                        "architect", "designer", "optimizer", "guardian"}));
  EXPECT_EQ(registry.find("security").value->tier, Tier::Quality);
  EXPECT_EQ(registry.find("guardian").value->temperature, 0.2);
  EXPECT_EQ(registry.find("explorer").value->temperature, 0.7);
  EXPECT_EQ(registry.find("developer").value->tier, Tier::Fast);
}

TEST(Voices, LookupByIdNameCaseInsensitiveAndUniquePrefix) {
  VoiceRegistry registry;
  EXPECT_EQ(registry.find("architect").value->id, "architect");
  EXPECT_EQ(registry.find("ARCHITECT").value->id, "architect");
  EXPECT_EQ(registry.find("Security Engineer").value->id, "security");
  EXPECT_EQ(registry.find("security engineer").value->id, "security");
  EXPECT_EQ(registry.find("sec").value->id, "security");
  EXPECT_EQ(registry.find("  guard ").value->id, "guardian");
  EXPECT_EQ(registry.find("imp").value->id, "implementor");
}

TEST(Voices, MissAndAmbiguityListTheValidVoices) {
  VoiceRegistry registry;
  auto miss = registry.find("wizard");
  ASSERT_FALSE(miss.ok());
  EXPECT_NE(miss.error.find("unknown voice 'wizard'"), std::string::npos);
  EXPECT_NE(miss.error.find("explorer, maintainer, analyzer"), std::string::npos);
  auto ambiguous = registry.find("a");  // analyzer, architect
  ASSERT_FALSE(ambiguous.ok());
  EXPECT_NE(ambiguous.error.find("ambiguous"), std::string::npos);
  EXPECT_NE(ambiguous.error.find("analyzer, architect"), std::string::npos);
  EXPECT_NE(ambiguous.error.find("valid voices"), std::string::npos);
  EXPECT_FALSE(registry.find("").ok());
}

TEST(Voices, StringWhereAListBelongsIsAnErrorNotAListOfLetters) {
  VoiceRegistry registry;
  auto r = registry.resolve_json(nlohmann::json("security"));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error.find("voices must be a list of voice ids, got a string"), std::string::npos);
  EXPECT_NE(r.error.find("[\"security\"]"), std::string::npos);
  EXPECT_EQ(r.error.find("'s'"), std::string::npos);  // never looked up letter by letter

  auto number = registry.resolve_json(nlohmann::json(3));
  ASSERT_FALSE(number.ok());
  EXPECT_NE(number.error.find("got number"), std::string::npos);
  auto mixed = registry.resolve_json(nlohmann::json::parse(R"(["security", 7])"));
  ASSERT_FALSE(mixed.ok());
  EXPECT_NE(mixed.error.find("voices[1]"), std::string::npos);
  EXPECT_FALSE(registry.resolve_json(nlohmann::json::array()).ok());

  auto list = registry.resolve_json(nlohmann::json::parse(R"(["Security", "arch", "security"])"));
  ASSERT_TRUE(list.ok()) << list.error;
  ASSERT_EQ(list.value->size(), 2u);  // duplicates dropped, order kept
  EXPECT_EQ((*list.value)[0].id, "security");
  EXPECT_EQ((*list.value)[1].id, "architect");
}

TEST(Voices, BuiltinPresetsResolve) {
  VoiceRegistry registry;
  auto def = registry.preset("default");
  ASSERT_TRUE(def.ok()) << def.error;
  std::vector<std::string> ids;
  for (const auto& v : *def.value) ids.push_back(v.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"developer", "analyzer", "architect"}));
  EXPECT_EQ(registry.presets().size(), 8u);
  EXPECT_EQ(registry.preset("Optimization").value->size(), 2u);
  EXPECT_EQ(registry.preset("innov").value->front().id, "explorer");
  auto miss = registry.preset("nonsense");
  ASSERT_FALSE(miss.ok());
  EXPECT_NE(miss.error.find("valid presets: analysis, architecture, default"), std::string::npos);
}

TEST(Voices, UserVoicesAndPresetsFromConfigWithWarningsForBadEntries) {
  auto config = nlohmann::json::parse(R"({
    "voices": [
      {"id": "reviewer", "name": "Strict Reviewer", "style": "strict", "temperature": 0.1, "tier": "quality",
       "systemPrompt": "You review code strictly."},
      {"id": "security", "systemPrompt": "Custom security prompt.", "temperature": 9},
      {"name": "no id", "systemPrompt": "x"},
      {"id": "Bad Id", "systemPrompt": "x"},
      {"id": "noprompt"},
      "not an object"
    ],
    "presets": {"team": ["reviewer", "sec"], "broken": "reviewer", "unknown": ["ghost"]}
  })");
  std::vector<std::string> warnings;
  auto registry = VoiceRegistry::from_config(config, warnings);
  EXPECT_EQ(registry.all().size(), 11u);
  auto reviewer = registry.find("strict reviewer");
  ASSERT_TRUE(reviewer.ok());
  EXPECT_EQ(reviewer.value->tier, Tier::Quality);
  EXPECT_DOUBLE_EQ(reviewer.value->temperature, 0.1);
  EXPECT_FALSE(reviewer.value->builtin);
  auto security = registry.find("security");
  EXPECT_EQ(security.value->system_prompt, "Custom security prompt.");  // user overrides the built-in
  EXPECT_DOUBLE_EQ(security.value->temperature, 0.5);                   // bad value → default + warning
  auto team = registry.preset("team");
  ASSERT_TRUE(team.ok());
  EXPECT_EQ(team.value->at(1).id, "security");
  EXPECT_FALSE(registry.preset("broken").ok());
  EXPECT_FALSE(registry.preset("unknown").ok());

  auto has = [&](const std::string& text) {
    return std::any_of(warnings.begin(), warnings.end(), [&](const std::string& w) { return w.find(text) != std::string::npos; });
  };
  EXPECT_TRUE(has("generation.voices[1].temperature"));
  EXPECT_TRUE(has("generation.voices[2].id is required"));
  EXPECT_TRUE(has("'Bad Id' is invalid"));
  EXPECT_TRUE(has("generation.voices[4].systemPrompt is required"));
  EXPECT_TRUE(has("generation.voices[5] must be an object"));
  EXPECT_TRUE(has("generation.presets.broken must be a list of voice ids, got a string"));
  EXPECT_TRUE(has("unknown voice 'ghost'"));

  std::vector<std::string> w2;
  VoiceRegistry::from_config(nlohmann::json::parse(R"({"voices": "security", "presets": []})"), w2);
  ASSERT_EQ(w2.size(), 2u);
  EXPECT_NE(w2[0].find("generation.voices must be a list"), std::string::npos);
}

TEST(Voices, ApplyVoiceSetsSystemPromptTemperatureAndTier) {
  VoiceRegistry registry;
  auto security = *registry.find("security").value;
  GenerationRequest r;
  r.messages = {{"user", "check this"}};
  apply_voice(r, security);
  ASSERT_EQ(r.messages.size(), 2u);
  EXPECT_EQ(r.messages[0].role, "system");
  EXPECT_EQ(r.messages[0].content, security.system_prompt);
  EXPECT_DOUBLE_EQ(r.temperature, 0.3);
  EXPECT_EQ(r.force_tier, Tier::Quality);
  EXPECT_EQ(r.voice, "security");

  GenerationRequest with_system;
  with_system.messages = {{"system", "Project rules."}, {"user", "x"}};
  with_system.force_provider = "lmstudio";
  apply_voice(with_system, security);
  ASSERT_EQ(with_system.messages.size(), 2u);
  EXPECT_EQ(with_system.messages[0].content, security.system_prompt + "\n\nProject rules.");
  EXPECT_FALSE(with_system.force_tier);  // the caller's forced provider wins

  GenerationRequest fim;
  fim.prompt = "int main() {";
  fim.suffix = "}";
  apply_voice(fim, security);
  EXPECT_TRUE(fim.messages.empty());
  EXPECT_EQ(*fim.prompt, "int main() {");
}

TEST(Voices, SplitVoiceListForTheCommandLine) {
  EXPECT_EQ(split_voice_list("a,b , c,,"), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(split_voice_list("security"), (std::vector<std::string>{"security"}));
  EXPECT_TRUE(split_voice_list(" , ").empty());
}

}  // namespace
}  // namespace cc::gen
