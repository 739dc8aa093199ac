#pragma once
// Prompts for the AI editor actions, and turning model output back into an edit.
// Pure functions: unit-tested without a server or a model.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "generation/types.h"

namespace cc::server {

enum class AiAction { Fix, Explain, Refactor, Document, Tests, Optimize, SecurityReview, Council };

struct AiActionInfo {
  AiAction action;
  const char* id;          // "fix", "explain", ...
  const char* verb;        // "Fix", "Explain", ... (titles)
  const char* kind;        // LSP code action kind
  const char* voice;       // default voice id
  gen::TaskType task;
  bool produces_edit;      // false: the answer is shown, not applied
};

const std::vector<AiActionInfo>& ai_actions();
const AiActionInfo* find_ai_action(std::string_view id);
// The voice that should fix a finding of this category (security → security, ...).
const char* voice_for_category(std::string_view category);

struct PromptInput {
  AiAction action;
  std::string language;       // LSP languageId
  std::string path;           // for context only
  std::string selection;      // the code the action is about (whole lines)
  int first_line = 0;         // 0-based line of `selection`
  std::string before;         // a few lines of context above
  std::string after;          // a few lines of context below
  std::string diagnostic;     // "rule: message" when fixing a finding
  std::string question;       // free text for the council
  std::string context;        // related code from the workspace (render_context), may be empty
};

std::vector<gen::ChatMessage> build_messages(const PromptInput& input);

// The replacement code in a model answer: the first fenced block (```lang ... ```), or the
// whole answer when it has no fence but looks like code. CRLF is normalised to `eol`; when
// the model dropped the selection's common indentation it is restored. nullopt when nothing
// usable came back (empty, prose only, an unterminated fence with no code).
std::optional<std::string> extract_code(std::string_view answer, std::string_view original_selection,
                                        std::string_view eol);

// Fill-in-the-middle window around the cursor: at most `budget_bytes` of prefix (cut at a line
// start) and a quarter of that of suffix.
struct FimWindow {
  std::string prefix;
  std::string suffix;
};
FimWindow fim_window(std::string_view text, std::size_t cursor, std::size_t budget_bytes);
// Cleans a completion: strips fences and a repeated prefix, stops at the suffix's first line.
std::string clean_completion(std::string_view completion, std::string_view suffix);

}  // namespace cc::server
