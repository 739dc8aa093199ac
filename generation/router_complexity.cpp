#include "generation/router_complexity.h"

#include <algorithm>
#include <cstring>

namespace cc::gen {
namespace {

bool is_word_char(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c >= 0x80; }
bool is_space(unsigned char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

// Word prefixes that signal review / security / design work.
constexpr const char* kEscalatingPrefixes[] = {"review", "audit", "secur", "vulnerab", "exploit", "design", "architect", "threat"};

bool escalating_word(const char* word, std::size_t len) {
  if (len < 5 || len > 24) return false;
  char lowered[8];
  std::size_t n = std::min<std::size_t>(len, sizeof lowered);
  for (std::size_t i = 0; i < n; ++i) {
    char c = word[i];
    lowered[i] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  for (const char* prefix : kEscalatingPrefixes) {
    std::size_t plen = std::strlen(prefix);
    if (plen <= n && std::memcmp(lowered, prefix, plen) == 0) return true;
  }
  return false;
}

// One pass: token estimate and (optionally) escalating wording.
void scan(std::string_view text, bool look_for_wording, std::size_t& tokens, bool& wording) {
  const char* p = text.data();
  const char* end = p + text.size();
  while (p < end) {
    unsigned char c = static_cast<unsigned char>(*p);
    if (is_space(c)) {
      ++p;
    } else if (is_word_char(c)) {
      const char* start = p;
      while (p < end && is_word_char(static_cast<unsigned char>(*p))) ++p;
      std::size_t len = static_cast<std::size_t>(p - start);
      tokens += (len + 3) / 4;
      if (look_for_wording && !wording && escalating_word(start, len)) wording = true;
    } else {
      ++tokens;
      ++p;
    }
  }
}

}  // namespace

double base_complexity(TaskType task) {
  switch (task) {
    case TaskType::Format: return 0.1;
    case TaskType::Completion: return 0.15;
    case TaskType::Template: return 0.2;
    case TaskType::Edit: return 0.3;
    case TaskType::Documentation: return 0.4;
    case TaskType::Explain: return 0.45;
    case TaskType::Chat: return 0.5;
    case TaskType::Debugging: return 0.6;
    case TaskType::MultiFile: return 0.7;
    case TaskType::Review: return 0.75;
    case TaskType::Analysis: return 0.8;
    case TaskType::Security: return 0.9;
    case TaskType::Architecture: return 0.9;
  }
  return 0.5;
}

std::size_t estimate_tokens(std::string_view text) {
  std::size_t tokens = 0;
  bool wording = false;
  scan(text, false, tokens, wording);
  return tokens;
}

bool has_escalating_wording(std::string_view text) {
  std::size_t tokens = 0;
  bool wording = false;
  scan(text, true, tokens, wording);
  return wording;
}

double estimate_complexity(const GenerationRequest& request) {
  std::size_t tokens = 0;
  bool wording = false;
  // Wording counts only in what the user wrote: a voice's system prompt that mentions
  // "security" or "design" must not lift every request of that voice.
  for (const auto& m : request.messages) scan(m.content, m.role != "system", tokens, wording);
  if (request.prompt) scan(*request.prompt, false, tokens, wording);
  if (request.suffix) scan(*request.suffix, false, tokens, wording);

  double c = base_complexity(request.task);
  if (tokens > 4000) c += 0.25;
  else if (tokens > 1000) c += 0.15;
  if (wording) c += 0.15;
  if (request.files_involved > 3) c += 0.2;
  else if (request.files_involved > 1) c += 0.1;
  if (request.lines_involved > 1000) c += 0.2;
  else if (request.lines_involved > 200) c += 0.1;
  return std::clamp(c, 0.0, 1.0);
}

}  // namespace cc::gen
