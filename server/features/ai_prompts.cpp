#include "server/features/ai_prompts.h"

#include <algorithm>

#include "analysis/rules/catalog.h"

namespace cc::server {

const std::vector<AiActionInfo>& ai_actions() {
  using gen::TaskType;
  static const std::vector<AiActionInfo> kActions = {
      {AiAction::Fix, "fix", "Fix", "quickfix", "developer", TaskType::Edit, true},
      {AiAction::Explain, "explain", "Explain", "source.codecrucible.explain", "analyzer", TaskType::Explain, false},
      {AiAction::Refactor, "refactor", "Refactor", "refactor.rewrite", "maintainer", TaskType::Edit, true},
      {AiAction::Document, "document", "Add documentation", "refactor.rewrite.document", "maintainer", TaskType::Documentation, true},
      {AiAction::Tests, "tests", "Generate tests", "source.codecrucible.tests", "guardian", TaskType::Template, false},
      {AiAction::Optimize, "optimize", "Optimise", "refactor.rewrite.optimize", "optimizer", TaskType::Edit, true},
      {AiAction::SecurityReview, "security-review", "Security review", "source.codecrucible.review", "security", TaskType::Security, false},
      {AiAction::Council, "council", "Ask the council", "source.codecrucible.council", "", TaskType::Analysis, false},
  };
  return kActions;
}

const AiActionInfo* find_ai_action(std::string_view id) {
  for (const auto& a : ai_actions())
    if (id == a.id) return &a;
  return nullptr;
}

const char* voice_for_category(std::string_view category) {
  if (analysis::is_security_category(category)) return "security";
  if (category == "complexity" || category == "deep-nesting" || category == "long-function" || category == "too-many-params")
    return "maintainer";
  if (category == "empty-catch") return "guardian";
  if (category == "todo") return "implementor";
  return "developer";
}

namespace {

std::string fenced(std::string_view language, std::string_view code) {
  return "```" + std::string(language) + "\n" + std::string(code) + (code.empty() || code.back() == '\n' ? "" : "\n") + "```";
}

std::string task_text(const PromptInput& in) {
  switch (in.action) {
    case AiAction::Fix:
      return "Fix this problem reported by static analysis: " + in.diagnostic +
             "\nRewrite the selected code so the problem is gone and the behaviour is otherwise unchanged.";
    case AiAction::Refactor:
      return "Refactor the selected code for readability and maintainability without changing its behaviour.";
    case AiAction::Document:
      return "Add documentation comments to the selected code in the language's usual style. Do not change the code itself.";
    case AiAction::Optimize:
      return "Make the selected code faster or leaner without changing its behaviour.";
    case AiAction::Explain:
      return "Explain what the selected code does, why, and anything surprising or risky about it.";
    case AiAction::Tests:
      return "Write unit tests for the selected code, using the test framework most common for this language.";
    case AiAction::SecurityReview:
      return "Review the selected code for security problems. For each, give the line, the risk and the fix.";
    case AiAction::Council:
      return in.question.empty() ? "Review the selected code and suggest the most valuable improvement." : in.question;
  }
  return {};
}

}  // namespace

std::vector<gen::ChatMessage> build_messages(const PromptInput& in) {
  std::string user = task_text(in) + "\n\nFile: " + in.path + " (" + in.language + "), lines " +
                     std::to_string(in.first_line + 1) + "-" +
                     std::to_string(in.first_line + std::count(in.selection.begin(), in.selection.end(), '\n') + 1) + ".\n";
  if (!in.context.empty()) user += "\n" + in.context;
  if (!in.before.empty()) user += "\nContext above (do not repeat it):\n" + fenced(in.language, in.before) + "\n";
  user += "\nSelected code:\n" + fenced(in.language, in.selection) + "\n";
  if (!in.after.empty()) user += "\nContext below (do not repeat it):\n" + fenced(in.language, in.after) + "\n";
  bool edit = false;
  for (const auto& a : ai_actions())
    if (a.action == in.action) edit = a.produces_edit;
  if (edit)
    user += "\nAnswer with exactly one fenced code block holding the complete replacement for the selected code, "
            "then at most two sentences. Keep the original indentation.";
  else
    user += "\nAnswer in concise Markdown.";
  // The voice's system prompt is added by the engine from request.voice.
  return {gen::ChatMessage{"user", std::move(user)}};
}

namespace {

std::string normalise_eol(std::string_view s, std::string_view eol) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\r') {
      if (i + 1 < s.size() && s[i + 1] == '\n') ++i;
      out += eol;
    } else if (s[i] == '\n') {
      out += eol;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

std::vector<std::string_view> split_lines(std::string_view s) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  for (std::size_t i = 0; i < s.size(); ++i)
    if (s[i] == '\n') {
      lines.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  if (start < s.size()) lines.push_back(s.substr(start));
  return lines;
}

std::string common_indent(std::string_view text) {
  std::optional<std::string> indent;
  for (auto line : split_lines(text)) {
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    std::string_view lead = line.substr(0, line.find_first_not_of(" \t"));
    if (!indent) indent = std::string(lead);
    else {
      std::size_t k = 0;
      while (k < indent->size() && k < lead.size() && (*indent)[k] == lead[k]) ++k;
      indent->resize(k);
    }
  }
  return indent.value_or("");
}

}  // namespace

std::optional<std::string> extract_code(std::string_view answer, std::string_view original, std::string_view eol) {
  std::string text = normalise_eol(answer, "\n");
  std::string code;
  auto open = text.find("```");
  if (open != std::string::npos) {
    auto body = text.find('\n', open);
    if (body == std::string::npos) return std::nullopt;
    auto close = text.find("\n```", body);
    // A cut-off answer (no closing fence) still yields the code it has.
    code = text.substr(body + 1, close == std::string::npos ? std::string::npos : close - body);
    if (close == std::string::npos) {
      // Drop a partial last line: it was cut mid-token.
      auto last_nl = code.rfind('\n');
      if (last_nl == std::string::npos) return std::nullopt;
      code.resize(last_nl + 1);
    }
  } else {
    // No fence: accept only something that looks like code, not prose.
    auto lines = split_lines(text);
    std::size_t codeish = 0;
    for (auto l : lines)
      if (l.find_first_of(";{}()=:") != std::string_view::npos || l.rfind("    ", 0) == 0) ++codeish;
    if (lines.empty() || codeish * 2 < lines.size()) return std::nullopt;
    code = text;
  }
  if (code.find_first_not_of(" \t\n") == std::string::npos) return std::nullopt;
  if (!code.empty() && code.back() != '\n') code.push_back('\n');

  // Restore indentation the model dropped (it often answers at column 0).
  std::string want = common_indent(normalise_eol(original, "\n"));
  std::string have = common_indent(code);
  if (!want.empty() && have.empty()) {
    std::string re;
    for (auto line : split_lines(code)) {
      if (!line.empty()) re += want;
      re += line;
      re += '\n';
    }
    code = re;
  }
  // Match the selection: keep its trailing newline state.
  if (!original.empty() && original.back() != '\n' && original.back() != '\r' && !code.empty()) code.pop_back();
  return normalise_eol(code, eol);
}

FimWindow fim_window(std::string_view text, std::size_t cursor, std::size_t budget_bytes) {
  cursor = std::min(cursor, text.size());
  std::size_t begin = cursor > budget_bytes ? cursor - budget_bytes : 0;
  if (begin > 0) {
    auto nl = text.find('\n', begin);
    if (nl != std::string_view::npos && nl < cursor) begin = nl + 1;
  }
  std::size_t suffix_budget = std::max<std::size_t>(budget_bytes / 4, 64);
  std::size_t end = std::min(text.size(), cursor + suffix_budget);
  if (end < text.size()) {
    auto nl = text.rfind('\n', end);
    if (nl != std::string_view::npos && nl > cursor) end = nl + 1;
  }
  return {std::string(text.substr(begin, cursor - begin)), std::string(text.substr(cursor, end - cursor))};
}

std::string clean_completion(std::string_view completion, std::string_view suffix) {
  std::string out(completion);
  if (out.rfind("```", 0) == 0) {
    auto nl = out.find('\n');
    out = nl == std::string::npos ? "" : out.substr(nl + 1);
    auto close = out.find("```");
    if (close != std::string::npos) out.resize(close);
  }
  // Stop where the model starts repeating the text after the cursor.
  std::string_view first_suffix_line = suffix.substr(0, suffix.find('\n'));
  auto trimmed = first_suffix_line.substr(0, first_suffix_line.find_last_not_of(" \t\r") + 1);
  if (trimmed.size() >= 3) {
    auto pos = out.find(trimmed);
    if (pos != std::string::npos) out.resize(pos);
  }
  while (!out.empty() && (out.back() == ' ' || out.back() == '\t')) out.pop_back();
  return out;
}

}  // namespace cc::server
