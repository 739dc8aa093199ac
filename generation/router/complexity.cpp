#include "generation/router/complexity.h"

#include <algorithm>
#include <array>
#include <cstdint>

namespace cc::gen {
namespace {

// Byte classes for the scanner. Bytes >= 0x80 (UTF-8) count as word characters.
enum : std::uint8_t { kSpace = 0, kWord = 1, kPunct = 2 };

constexpr std::array<std::uint8_t, 256> make_classes() {
  std::array<std::uint8_t, 256> t{};
  for (int c = 0; c < 256; ++c) {
    bool word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c >= 0x80;
    bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
    t[static_cast<std::size_t>(c)] = word ? kWord : space ? kSpace : kPunct;
  }
  return t;
}
constexpr std::array<std::uint8_t, 256> kClasses = make_classes();

char lower_ascii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool starts_with_ci(const char* word, std::size_t len, std::string_view prefix) {
  if (len < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i)
    if (lower_ascii(word[i]) != prefix[i]) return false;
  return true;
}

// Words that signal review / security / design work, matched by prefix.
bool escalating_word(const char* word, std::size_t len) {
  if (len < 5 || len > 24) return false;
  switch (lower_ascii(word[0])) {
    case 'r': return starts_with_ci(word, len, "review");
    case 'a': return starts_with_ci(word, len, "audit") || starts_with_ci(word, len, "architect");
    case 's': return starts_with_ci(word, len, "secur");
    case 'v': return starts_with_ci(word, len, "vulnerab");
    case 'e': return starts_with_ci(word, len, "exploit");
    case 'd': return starts_with_ci(word, len, "design");
    case 't': return starts_with_ci(word, len, "threat");
    default: return false;
  }
}

// One pass: token estimate and (optionally) escalating wording.
void scan(std::string_view text, bool look_for_wording, std::size_t& tokens, bool& wording) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const auto* end = p + text.size();
  std::size_t count = 0;
  while (p < end) {
    std::uint8_t cls = kClasses[*p];
    if (cls == kSpace) {
      ++p;
      continue;
    }
    if (cls == kPunct) {
      ++count;
      ++p;
      continue;
    }
    const auto* start = p;
    do ++p;
    while (p < end && kClasses[*p] == kWord);
    std::size_t len = static_cast<std::size_t>(p - start);
    count += (len + 3) / 4;
    if (look_for_wording && !wording && escalating_word(reinterpret_cast<const char*>(start), len)) wording = true;
  }
  tokens += count;
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
