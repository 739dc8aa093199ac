// Context budgets follow the model's context window when a server reports one: a quarter of
// it for actions (a ceiling on an explicit setting), a sixteenth at most for completion.
#include <gtest/gtest.h>

#include "server/features/context_config.h"

using cc::server::action_context_budget;
using cc::server::completion_context_budget;
using cc::server::context_config_from_json;
using nlohmann::json;

TEST(ContextBudget, UnknownWindowKeepsTheSettings) {
  auto c = context_config_from_json(json::object());
  EXPECT_FALSE(c.budget_set);
  EXPECT_EQ(action_context_budget(c, std::nullopt), 2000u);
  EXPECT_EQ(completion_context_budget(c, std::nullopt), 384u);
}

TEST(ContextBudget, UnsetBudgetIsAQuarterOfTheWindowUpTo8192) {
  auto c = context_config_from_json(json::object());
  EXPECT_EQ(action_context_budget(c, 4096), 1024u);
  EXPECT_EQ(action_context_budget(c, 16384), 4096u);
  EXPECT_EQ(action_context_budget(c, 131072), 8192u);
  EXPECT_EQ(completion_context_budget(c, 4096), 256u);
  EXPECT_EQ(completion_context_budget(c, 32768), 384u);
}

TEST(ContextBudget, ASetBudgetIsCappedByTheWindow) {
  auto c = context_config_from_json(json{{"context", {{"budgetTokens", 6000u}, {"completionBudgetTokens", 0u}}}});
  EXPECT_TRUE(c.budget_set);
  EXPECT_EQ(action_context_budget(c, 8192), 2048u);
  EXPECT_EQ(action_context_budget(c, 131072), 6000u);
  EXPECT_EQ(action_context_budget(c, std::nullopt), 6000u);
  EXPECT_EQ(completion_context_budget(c, 131072), 0u) << "0 still turns it off";
}
