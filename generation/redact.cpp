#include "generation/redact.h"

#include <algorithm>
#include <mutex>

#include "analysis/display_text.h"
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

// ------------------------------------------------------------------------ configured secrets

namespace {

using SecretList = std::vector<std::string>;  // longest first

struct Registry {
  std::mutex mutex;
  std::shared_ptr<const SecretList> secrets = std::make_shared<const SecretList>();  // guarded by mutex
};

Registry& registry() {
  static auto* r = new Registry;  // never destroyed: backends may still scrub during exit
  return *r;
}

std::shared_ptr<const SecretList> current_secrets() {
  Registry& r = registry();
  std::lock_guard lock(r.mutex);
  return r.secrets;
}

// Leftmost, longest-first replacement of every occurrence.
std::string scrub_with(const SecretList& secrets, std::string_view text) {
  if (secrets.empty()) return std::string(text);
  std::string out;
  out.reserve(text.size());
  std::size_t copied = 0;
  for (std::size_t i = 0; i < text.size();) {
    const std::string* hit = nullptr;
    for (const auto& s : secrets)
      if (text[i] == s[0] && text.compare(i, s.size(), s) == 0) {
        hit = &s;
        break;
      }
    if (!hit) {
      ++i;
      continue;
    }
    out.append(text.substr(copied, i - copied));
    out += kScrubbedSecret;
    i += hit->size();
    copied = i;
  }
  out.append(text.substr(copied));
  return out;
}

// Length of the longest tail of `text` that is a proper prefix of a secret (0 when none).
std::size_t secret_prefix_tail(const SecretList& secrets, std::string_view text) {
  const std::size_t longest = secrets.empty() ? 0 : secrets.front().size();
  const std::size_t from = text.size() > longest - 1 ? text.size() - (longest - 1) : 0;
  for (std::size_t p = from; p < text.size(); ++p) {
    std::string_view tail = text.substr(p);
    for (const auto& s : secrets)
      if (s.size() > tail.size() && s.compare(0, tail.size(), tail) == 0) return tail.size();
  }
  return 0;
}

// Cuts a valid UTF-8 string to at most `max_bytes` without splitting a character.
std::string bounded(std::string text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  std::size_t cut = max_bytes > 3 ? max_bytes - 3 : 0;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  text.resize(cut);
  return text + "...";
}

}  // namespace

void register_secret(std::string_view secret) {
  if (secret.size() < kMinSecretBytes) return;
  Registry& r = registry();
  std::lock_guard lock(r.mutex);
  if (std::find(r.secrets->begin(), r.secrets->end(), secret) != r.secrets->end()) return;
  auto next = std::make_shared<SecretList>(*r.secrets);
  next->emplace_back(secret);
  std::stable_sort(next->begin(), next->end(), [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  r.secrets = std::move(next);
}

std::string scrub_secrets(std::string_view text) { return scrub_with(*current_secrets(), text); }

std::string model_message(std::string_view text, std::size_t max_bytes) {
  return bounded(analysis::escape_for_display(scrub_secrets(redact_text(text))), max_bytes);
}

std::string model_name(std::string_view text, std::size_t max_bytes) {
  return bounded(analysis::escape_for_display(scrub_secrets(text)), max_bytes);
}

SecretStreamScrubber::SecretStreamScrubber() : secrets_(current_secrets()) {}

std::string SecretStreamScrubber::feed(std::string_view piece) {
  if (secrets_->empty()) return std::string(piece);
  pending_ += piece;
  std::string scrubbed = scrub_with(*secrets_, pending_);
  const std::size_t hold = secret_prefix_tail(*secrets_, scrubbed);
  pending_.assign(scrubbed, scrubbed.size() - hold, hold);
  scrubbed.resize(scrubbed.size() - hold);
  return scrubbed;
}

std::string SecretStreamScrubber::finish() {
  std::string rest;
  rest.swap(pending_);
  // A tail held back is the start of a secret: a long one is not passed on either.
  return rest.size() >= kMinSecretBytes ? std::string(kScrubbedSecret) : rest;
}

}  // namespace cc::gen
