#include "generation/redact.h"

#include "analysis/rules/secrets.h"

namespace cc::gen {

std::string redact_text(std::string_view text, std::size_t* count) {
  auto spans = analysis::find_secret_spans(text);
  if (count) *count += spans.size();
  if (spans.empty()) return std::string(text);
  std::string out;
  out.reserve(text.size());
  std::size_t pos = 0;
  for (const auto& s : spans) {
    if (s.begin < pos || s.end > text.size() || s.begin > s.end) continue;  // defensive: malformed span
    out.append(text.substr(pos, s.begin - pos));
    out += "[REDACTED:" + s.kind + "]";
    pos = s.end;
  }
  out.append(text.substr(pos));
  return out;
}

std::size_t redact_request(GenerationRequest& request) {
  std::size_t count = 0;
  for (auto& m : request.messages) m.content = redact_text(m.content, &count);
  if (request.prompt) request.prompt = redact_text(*request.prompt, &count);
  if (request.suffix) request.suffix = redact_text(*request.suffix, &count);
  return count;
}

}  // namespace cc::gen
