#include "generation/voices/voices.h"

#include <algorithm>
#include <cctype>
#include <set>

namespace cc::gen {

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool starts_with_ci(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && lower(text.substr(0, prefix.size())) == lower(prefix);
}

std::string trim(std::string_view s) {
  auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  auto e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

bool valid_id(const std::string& id) {
  if (id.empty() || id.size() > 64) return false;
  return std::all_of(id.begin(), id.end(), [](unsigned char c) { return std::islower(c) || std::isdigit(c) || c == '-' || c == '_'; });
}

// Shared output discipline appended to every built-in prompt.
constexpr const char* kOutputRules =
    "\n\nOutput rules: answer in Markdown. Put code in fenced blocks with a language tag. When you change "
    "code, show the complete changed function or block, not a fragment with ellipses. Say plainly when "
    "you are unsure or lack context, and end with one line `Confidence: high|medium|low`.";

Voice make(std::string id, std::string name, std::string style, std::string focus, double temperature, Tier tier,
           std::string prompt) {
  return Voice{std::move(id), std::move(name), std::move(style), std::move(focus), temperature, tier,
               std::move(prompt) + kOutputRules, true};
}

}  // namespace

const std::vector<Voice>& builtin_voices() {
  static const std::vector<Voice> voices = {
      make("explorer", "Explorer", "experimental", "new approaches, creative alternatives", 0.7, Tier::Fast,
           "You are the Explorer, a software engineer who looks for approaches others overlook. For the code or "
           "question you are given, propose two or three genuinely different ways to solve it (a different data "
           "structure, algorithm, library or decomposition), not variations of one idea. For each, give a short "
           "sketch in code, what it makes easier and what it costs. Finish by recommending the one you would try "
           "first and why. Prefer ideas that can be tried in an afternoon over rewrites."),
      make("maintainer", "Maintainer", "conservative", "stability, readability, technical debt", 0.5, Tier::Fast,
           "You are the Maintainer, responsible for this code long after its author has moved on. Judge changes "
           "by how easy they are to read, review and revert. Prefer the smallest change that solves the problem, "
           "keep existing conventions and public interfaces, and point out technical debt (duplication, unclear "
           "names, missing error handling, dead code) with a concrete fix for each item. Never propose a rewrite "
           "when a local edit will do; if a larger change is truly needed, say what to do first."),
      make("analyzer", "Analyzer", "analytical", "performance and architecture insight, root causes", 0.4,
           Tier::Quality,
           "You are the Analyzer. Find the root cause, not the symptom. Trace how data and control flow through "
           "the code you are given, state your hypothesis, and back it with the specific lines that support it. "
           "Separate what you can verify from the code from what you infer. Cover correctness first, then "
           "complexity and hot paths (with big-O where it matters), then structural issues. Give a ranked list "
           "of findings, each with evidence and a recommended fix."),
      make("developer", "Developer", "pragmatic", "practical working code, developer experience", 0.5, Tier::Fast,
           "You are the Developer: you write code that compiles, runs and is pleasant to use today. Answer with "
           "working code first, then a brief explanation. Handle the obvious edge cases and errors, use the "
           "language's standard library and the project's existing style, and include a small usage example or "
           "test when it clarifies intent. Do not pad the answer with theory or alternatives unless asked."),
      make("implementor", "Implementor", "action-oriented", "finishing and delivering the change", 0.4, Tier::Fast,
           "You are the Implementor: your job is to finish the change. Turn the request into the exact edits "
           "needed, file by file, as complete code blocks ready to paste. List any step the user must take "
           "(a build flag, a migration, a new dependency) as a short checklist. Do not discuss alternatives; "
           "if something is ambiguous, pick the most reasonable interpretation, state it in one line and proceed."),
      make("security", "Security Engineer", "defensive", "vulnerabilities, secure coding, validation", 0.3,
           Tier::Quality,
           "You are the Security Engineer. Review the code as an attacker would: untrusted input reaching "
           "queries, commands, paths, deserialisers or memory operations; missing authentication, authorisation "
           "or validation; secrets in code or logs; unsafe defaults; race conditions. For each finding give the "
           "severity (critical/high/medium/low), the exact location, how it could be exploited, and a corrected "
           "code block. Do not report style issues. If you find nothing, say so and list what you checked."),
      make("architect", "Architect", "strategic", "structure, patterns, scalability", 0.3, Tier::Quality,
           "You are the Architect. Look at responsibilities, boundaries and dependencies rather than individual "
           "lines: which module owns what, where coupling or cycles make change expensive, which abstractions "
           "leak, and how the design behaves as load, data or team size grows. Propose a target structure "
           "(components, interfaces, data flow) and an incremental path to reach it in which every step keeps "
           "the system working. Name the trade-offs explicitly."),
      make("designer", "Designer", "user-centered", "API and interface usability", 0.6, Tier::Fast,
           "You are the Designer, and your users are the programmers who call this code and the people who use "
           "what it builds. Evaluate the API and interface from the caller's side: naming, argument order, "
           "defaults, error messages, discoverability and how easy it is to misuse. Show the call site before "
           "and after your proposal, and keep backwards compatibility in mind. Favour designs that make the "
           "common case short and the wrong thing hard."),
      make("optimizer", "Optimizer", "performance-focused", "speed, memory, efficiency", 0.3, Tier::Quality,
           "You are the Optimizer. Identify where time and memory actually go: algorithmic complexity, "
           "allocations and copies, I/O and syscalls, locking and contention, cache-unfriendly access. Estimate "
           "the impact of each issue and fix the biggest ones first, with the optimised code and a note on how "
           "to measure the gain (benchmark or profiler). Never trade correctness or readability for a "
           "micro-optimisation without saying so."),
      make("guardian", "Guardian", "protective", "quality gates, tests, reliability", 0.2, Tier::Quality,
           "You are the Guardian of quality. Decide whether this change is safe to ship. Check error handling, "
           "resource cleanup, concurrency, boundary values and failure modes, and list the tests that must exist "
           "(unit, edge-case, regression) as ready-to-run test code. Flag anything that would fail review or "
           "break in production, with the fix. Finish with a verdict: ship, ship after fixes, or do not ship."),
  };
  return voices;
}

VoiceRegistry::VoiceRegistry() : voices_(builtin_voices()), presets_(builtin_presets()) {}

std::optional<std::string> VoiceRegistry::add(Voice voice) {
  if (!valid_id(voice.id))
    return "voice id '" + voice.id + "' is invalid (use lowercase letters, digits, '-' or '_')";
  if (voice.system_prompt.empty()) return "voice '" + voice.id + "' needs a non-empty systemPrompt";
  if (voice.name.empty()) voice.name = voice.id;
  for (auto& v : voices_) {
    if (v.id == voice.id) {
      v = std::move(voice);
      return std::nullopt;
    }
  }
  voices_.push_back(std::move(voice));
  return std::nullopt;
}

std::optional<std::string> VoiceRegistry::add_preset(const std::string& name, const std::vector<std::string>& ids) {
  if (name.empty()) return "preset name must not be empty";
  auto resolved = resolve(ids);
  if (!resolved.ok()) return "preset '" + name + "': " + resolved.error;
  if (resolved.value->empty()) return "preset '" + name + "' lists no voices";
  std::vector<std::string> canonical;
  for (const auto& v : *resolved.value) canonical.push_back(v.id);
  presets_[name] = std::move(canonical);
  return std::nullopt;
}

std::string VoiceRegistry::voice_ids_joined() const {
  std::string out;
  for (const auto& v : voices_) out += (out.empty() ? "" : ", ") + v.id;
  return out;
}

Checked<Voice> VoiceRegistry::find(std::string_view query) const {
  std::string q = lower(trim(query));
  if (q.empty()) return Checked<Voice>::fail("empty voice name; valid voices: " + voice_ids_joined());
  for (const auto& v : voices_)
    if (v.id == q) return {v, {}};
  for (const auto& v : voices_)
    if (lower(v.name) == q) return {v, {}};
  std::vector<const Voice*> matches;
  for (const auto& v : voices_)
    if (starts_with_ci(v.id, q) || starts_with_ci(v.name, q)) matches.push_back(&v);
  if (matches.size() == 1) return {*matches.front(), {}};
  if (matches.empty())
    return Checked<Voice>::fail("unknown voice '" + std::string(query) + "'; valid voices: " + voice_ids_joined());
  std::string candidates;
  for (const auto* v : matches) candidates += (candidates.empty() ? "" : ", ") + v->id;
  return Checked<Voice>::fail("voice '" + std::string(query) + "' is ambiguous (matches " + candidates +
                              "); valid voices: " + voice_ids_joined());
}

Checked<std::vector<Voice>> VoiceRegistry::resolve(const std::vector<std::string>& queries) const {
  std::vector<Voice> out;
  std::set<std::string> seen;
  for (const auto& q : queries) {
    auto v = find(q);
    if (!v.ok()) return Checked<std::vector<Voice>>::fail(v.error);
    if (seen.insert(v.value->id).second) out.push_back(*v.value);
  }
  return {std::move(out), {}};
}

Checked<std::vector<Voice>> VoiceRegistry::resolve_json(const nlohmann::json& value, std::string_view what) const {
  using R = Checked<std::vector<Voice>>;
  if (value.is_string()) {
    return R::fail(std::string(what) + " must be a list of voice ids, got a string (\"" + value.get<std::string>() +
                   "\"); write [\"" + value.get<std::string>() + "\"] for a single voice");
  }
  if (!value.is_array())
    return R::fail(std::string(what) + " must be a list of voice ids, got " + std::string(value.type_name()));
  if (value.empty()) return R::fail(std::string(what) + " must name at least one voice; valid voices: " + voice_ids_joined());
  std::vector<std::string> ids;
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (!value[i].is_string())
      return R::fail(std::string(what) + "[" + std::to_string(i) + "] must be a voice id string, got " +
                     std::string(value[i].type_name()));
    ids.push_back(value[i].get<std::string>());
  }
  return resolve(ids);
}

Checked<std::vector<Voice>> VoiceRegistry::preset(std::string_view name) const {
  using R = Checked<std::vector<Voice>>;
  std::string names;
  for (const auto& [n, ids] : presets_) names += (names.empty() ? "" : ", ") + n;
  const std::vector<std::string>* found = nullptr;
  if (auto it = presets_.find(std::string(name)); it != presets_.end()) found = &it->second;
  if (!found) {
    std::vector<const std::vector<std::string>*> exact, prefix;
    for (const auto& [n, ids] : presets_) {
      if (lower(n) == lower(name)) exact.push_back(&ids);
      else if (!name.empty() && starts_with_ci(n, name)) prefix.push_back(&ids);
    }
    if (exact.size() == 1) found = exact.front();
    else if (exact.empty() && prefix.size() == 1) found = prefix.front();
    else if (prefix.size() > 1) return R::fail("preset '" + std::string(name) + "' is ambiguous; valid presets: " + names);
  }
  if (!found) return R::fail("unknown preset '" + std::string(name) + "'; valid presets: " + names);
  return resolve(*found);
}

nlohmann::json VoiceRegistry::to_json() const {
  nlohmann::json voices = nlohmann::json::array();
  for (const auto& v : voices_)
    voices.push_back({{"id", v.id}, {"name", v.name}, {"style", v.style}, {"focus", v.focus},
                      {"temperature", v.temperature}, {"tier", to_string(v.tier)}, {"builtin", v.builtin},
                      {"systemPrompt", v.system_prompt}});
  return {{"voices", std::move(voices)}, {"presets", presets_}};
}

void apply_voice(GenerationRequest& request, const Voice& voice) {
  request.voice = voice.id;
  request.temperature = voice.temperature;
  if (!request.force_tier && !request.force_provider) request.force_tier = voice.tier;
  if (request.prompt) return;  // fill-in-the-middle: the raw prompt must stay untouched
  auto system = std::find_if(request.messages.begin(), request.messages.end(),
                             [](const ChatMessage& m) { return m.role == "system"; });
  if (system == request.messages.end()) {
    request.messages.insert(request.messages.begin(), ChatMessage{"system", voice.system_prompt});
  } else {
    system->content = voice.system_prompt + "\n\n" + system->content;
  }
}

std::vector<std::string> split_voice_list(std::string_view text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    auto comma = text.find(',', start);
    auto piece = text.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    auto b = piece.find_first_not_of(" \t");
    auto e = piece.find_last_not_of(" \t");
    if (b != std::string_view::npos) out.emplace_back(piece.substr(b, e - b + 1));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return out;
}

}  // namespace cc::gen
