#include "generation/voices/synthesis.h"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <memory>
#include <mutex>
#include <set>
#include <sstream>

namespace cc::gen {

const char* to_string(SynthesisMode mode) {
  switch (mode) {
    case SynthesisMode::Competitive: return "competitive";
    case SynthesisMode::Collaborative: return "collaborative";
    case SynthesisMode::Consensus: return "consensus";
  }
  return "collaborative";
}

std::optional<SynthesisMode> synthesis_mode_from_string(std::string_view text) {
  std::string t(text);
  std::transform(t.begin(), t.end(), t.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (t == "competitive") return SynthesisMode::Competitive;
  if (t == "collaborative") return SynthesisMode::Collaborative;
  if (t == "consensus") return SynthesisMode::Consensus;
  return std::nullopt;
}

namespace {

const std::set<std::string>& stopwords() {
  static const std::set<std::string> words = {
      "a", "an", "the", "and", "or", "of", "to", "in", "on", "for", "with", "is", "are", "be", "it", "this",
      "that", "as", "by", "at", "from", "can", "should", "will", "you", "your", "we", "i", "not", "do", "if", "use"};
  return words;
}

std::vector<std::string> words_of(std::string_view text, bool drop_stopwords) {
  std::vector<std::string> out;
  std::string cur;
  auto flush = [&] {
    if (!cur.empty() && !(drop_stopwords && stopwords().count(cur))) out.push_back(cur);
    cur.clear();
  };
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '_' || c >= 0x80) cur.push_back(static_cast<char>(std::tolower(c)));
    else flush();
  }
  flush();
  return out;
}

double jaccard(const std::set<std::string>& a, const std::set<std::string>& b) {
  if (a.empty() && b.empty()) return 1.0;
  std::size_t common = 0;
  for (const auto& x : a) common += b.count(x);
  return static_cast<double>(common) / static_cast<double>(a.size() + b.size() - common);
}

std::set<std::string> word_set(std::string_view text, bool drop_stopwords) {
  auto w = words_of(text, drop_stopwords);
  return {w.begin(), w.end()};
}

// Normalised line set of a code block: trimmed lines, whitespace runs collapsed, blank lines
// and pure punctuation lines ("}", "};") dropped so formatting differences do not matter.
std::set<std::string> code_line_set(std::string_view code) {
  std::set<std::string> lines;
  std::istringstream in{std::string(code)};
  std::string line;
  while (std::getline(in, line)) {
    std::string norm;
    bool space = false;
    for (unsigned char c : line) {
      if (std::isspace(c)) {
        space = !norm.empty();
        continue;
      }
      if (space) norm.push_back(' ');
      space = false;
      norm.push_back(static_cast<char>(c));
    }
    bool meaningful = std::any_of(norm.begin(), norm.end(), [](unsigned char c) { return std::isalnum(c); });
    if (meaningful) lines.insert(norm);
  }
  return lines;
}

// Text outside code fences.
std::string prose_of(std::string_view text) {
  std::string out;
  bool in_code = false;
  std::istringstream in{std::string(text)};
  std::string line;
  while (std::getline(in, line)) {
    auto first = line.find_first_not_of(" \t");
    if (first != std::string::npos && line.compare(first, 3, "```") == 0) {
      in_code = !in_code;
      continue;
    }
    if (!in_code) out += line + "\n";
  }
  return out;
}

// Key points: bullet items and sentences of the prose, each with at least three content words.
std::vector<std::string> key_points(std::string_view text) {
  std::vector<std::string> points;
  std::string prose = prose_of(text);
  std::string cur;
  auto flush = [&] {
    auto b = cur.find_first_not_of(" \t-*0123456789.)#>");
    if (b != std::string::npos) {
      std::string p = cur.substr(b);
      while (!p.empty() && std::isspace(static_cast<unsigned char>(p.back()))) p.pop_back();
      if (words_of(p, true).size() >= 3 && p.rfind("Confidence:", 0) != 0) points.push_back(p);
    }
    cur.clear();
  };
  for (std::size_t i = 0; i < prose.size(); ++i) {
    char c = prose[i];
    if (c == '\n') {
      flush();
      continue;
    }
    cur.push_back(c);
    if ((c == '.' || c == '!' || c == '?') && (i + 1 == prose.size() || std::isspace(static_cast<unsigned char>(prose[i + 1]))))
      flush();
  }
  flush();
  return points;
}

constexpr double kCodeAgreement = 0.6;
constexpr double kPointAgreement = 0.5;
constexpr double kUnanimous = 0.85;

std::string question_of(const GenerationRequest& r) {
  for (auto it = r.messages.rbegin(); it != r.messages.rend(); ++it)
    if (it->role == "user") return it->content;
  if (r.prompt) return *r.prompt;
  return {};
}

}  // namespace

double token_similarity(std::string_view a, std::string_view b) {
  return jaccard(word_set(a, true), word_set(b, true));
}

std::vector<std::string> code_blocks(std::string_view text) {
  std::vector<std::string> blocks;
  std::istringstream in{std::string(text)};
  std::string line, cur;
  bool in_code = false;
  while (std::getline(in, line)) {
    auto first = line.find_first_not_of(" \t");
    if (first != std::string::npos && line.compare(first, 3, "```") == 0) {
      if (in_code) blocks.push_back(cur);
      cur.clear();
      in_code = !in_code;
      continue;
    }
    if (in_code) cur += line + "\n";
  }
  if (in_code && !cur.empty()) blocks.push_back(cur);  // unterminated fence at the end
  return blocks;
}

bool wants_code(const GenerationRequest& r) {
  switch (r.task) {
    case TaskType::Edit:
    case TaskType::Template:
    case TaskType::Format:
    case TaskType::Completion:
    case TaskType::MultiFile: return true;
    default: break;
  }
  auto words = word_set(question_of(r), false);
  for (const char* w : {"implement", "write", "fix", "refactor", "rewrite", "code", "function", "patch"})
    if (words.count(w)) return true;
  return false;
}

std::vector<double> score_answers(const std::vector<GenerationResult>& answers, bool code_expected) {
  std::vector<double> scores(answers.size(), 0.0);
  std::vector<std::size_t> good;
  for (std::size_t i = 0; i < answers.size(); ++i)
    if (answers[i].ok() && !answers[i].text.empty()) good.push_back(i);
  if (good.empty()) return scores;
  std::vector<std::size_t> lengths;
  for (auto i : good) lengths.push_back(answers[i].text.size());
  std::sort(lengths.begin(), lengths.end());
  double median = static_cast<double>(lengths[lengths.size() / 2]);
  for (auto i : good) {
    const auto& a = answers[i];
    double parse = code_expected ? (code_blocks(a.text).empty() ? 0.0 : 1.0) : 1.0;
    if (a.finish_reason == "length") parse *= 0.5;  // cut off
    double agreement = 1.0;
    if (good.size() > 1) {
      double sum = 0;
      for (auto j : good)
        if (j != i) sum += token_similarity(a.text, answers[j].text);
      agreement = sum / static_cast<double>(good.size() - 1);
    }
    double ratio = median > 0 ? static_cast<double>(a.text.size()) / median : 1.0;
    double length = a.text.size() < 20 ? 0.2 : (ratio >= 0.33 && ratio <= 3.0 ? 1.0 : 0.5);
    scores[i] = 0.45 * parse + 0.35 * agreement + 0.2 * length;
  }
  return scores;
}

ConsensusOutcome find_consensus(const std::vector<std::string>& answers) {
  ConsensusOutcome out;
  const std::size_t n = answers.size();
  out.supporters.assign(n, false);
  if (n == 0) return out;
  if (n == 1) {
    out.unanimous = true;
    out.supporters[0] = true;
    return out;
  }
  out.unanimous = true;
  for (std::size_t i = 0; i < n && out.unanimous; ++i)
    for (std::size_t j = i + 1; j < n && out.unanimous; ++j)
      if (token_similarity(answers[i], answers[j]) < kUnanimous) out.unanimous = false;
  if (out.unanimous) {
    out.supporters.assign(n, true);
    return out;
  }
  const std::size_t quorum = n / 2 + 1;

  struct Unit {
    std::string text;
    std::set<std::string> features;
  };
  std::vector<std::vector<Unit>> code(n), points(n);
  for (std::size_t i = 0; i < n; ++i) {
    for (auto& block : code_blocks(answers[i])) {
      auto lines = code_line_set(block);
      if (!lines.empty()) code[i].push_back({block, std::move(lines)});
    }
    for (auto& p : key_points(answers[i])) points[i].push_back({p, word_set(p, true)});
  }

  auto collect = [&](std::vector<std::vector<Unit>>& units, double threshold, std::vector<std::string>& agreed) {
    std::vector<const Unit*> kept;
    for (std::size_t i = 0; i < n; ++i) {
      for (const auto& u : units[i]) {
        std::size_t support = 1;
        for (std::size_t j = 0; j < n; ++j) {
          if (j == i) continue;
          bool similar = std::any_of(units[j].begin(), units[j].end(),
                                     [&](const Unit& v) { return jaccard(u.features, v.features) >= threshold; });
          support += similar ? 1 : 0;
        }
        if (support < quorum) continue;
        out.supporters[i] = true;
        bool duplicate = std::any_of(kept.begin(), kept.end(),
                                     [&](const Unit* k) { return jaccard(u.features, k->features) >= threshold; });
        if (!duplicate) {
          kept.push_back(&u);
          agreed.push_back(u.text);
        }
      }
    }
  };
  collect(code, kCodeAgreement, out.agreed_code);
  collect(points, kPointAgreement, out.agreed_points);
  return out;
}

std::string merge_prompt(std::string_view question, const std::vector<std::pair<std::string, std::string>>& answers) {
  std::string out =
      "Several expert reviewers answered the same request. Write ONE answer that combines their strongest "
      "points, resolves contradictions in favour of the best-supported position, keeps every correct code "
      "change, and drops repetition. Do not mention the reviewers.\n\n## Request\n";
  out += question;
  for (const auto& [voice, text] : answers) out += "\n\n## Answer from " + voice + "\n" + text;
  return out;
}

std::string consensus_prompt(std::string_view question, const ConsensusOutcome& outcome) {
  std::string out =
      "Several reviewers answered the request below. Write one coherent answer that contains ONLY the points "
      "and code a majority of them agreed on (listed below). Do not add new claims or code.\n\n## Request\n";
  out += question;
  out += "\n\n## Agreed points\n";
  for (const auto& p : outcome.agreed_points) out += "- " + p + "\n";
  for (const auto& c : outcome.agreed_code) out += "\n```\n" + c + "```\n";
  return out;
}

namespace {

struct SynthesisState : std::enable_shared_from_this<SynthesisState> {
  SubmitFn submit;
  SynthesisRequest request;
  SynthesisTokenCallback on_token;
  SynthesisDoneCallback on_done;
  CancelToken cancel;
  std::vector<Voice> voices;
  std::mutex mutex;
  std::vector<VoiceAnswer> answers;  // guarded by mutex until all arrived
  std::atomic<std::size_t> remaining{0};

  void finish_with(SynthesisResult result) {
    result.mode = request.mode;
    on_done(std::move(result));
  }

  // Called once, on the worker thread of the last voice answer.
  void all_answered() {
    SynthesisResult result;
    result.answers = std::move(answers);
    std::vector<GenerationResult> results;
    for (const auto& a : result.answers) results.push_back(a.result);
    auto scores = score_answers(results, wants_code(request.base));
    for (std::size_t i = 0; i < scores.size(); ++i) result.answers[i].score = scores[i];

    std::vector<std::size_t> good;
    for (std::size_t i = 0; i < results.size(); ++i)
      if (results[i].ok() && !results[i].text.empty()) good.push_back(i);
    if (good.empty()) {
      std::string why;
      ErrorKind kind = ErrorKind::Unavailable;
      bool all_cancelled = !results.empty();
      for (const auto& a : result.answers) {
        why += (why.empty() ? "" : "; ") + a.voice + ": " +
               (a.result.ok() ? std::string("empty answer") : a.result.error_message);
        if (a.result.error != ErrorKind::Cancelled) all_cancelled = false;
        if (!a.result.ok() && kind == ErrorKind::Unavailable) kind = a.result.error;
      }
      result.final = make_error_result(all_cancelled || cancel.cancelled() ? ErrorKind::Cancelled : kind,
                                       "every voice failed (" + why + ")");
      finish_with(std::move(result));
      return;
    }
    std::size_t best = good.front();
    for (auto i : good)
      if (scores[i] > scores[best]) best = i;

    auto keep_best = [&](SynthesisResult& r, std::string note) {
      r.final = r.answers[best].result;
      r.answers[best].contributed = true;
      if (!note.empty()) r.note = std::move(note);
    };

    switch (request.mode) {
      case SynthesisMode::Competitive:
        keep_best(result, "");
        finish_with(std::move(result));
        return;
      case SynthesisMode::Collaborative: {
        if (good.size() == 1) {
          keep_best(result, "only one voice answered; kept its answer");
          finish_with(std::move(result));
          return;
        }
        std::vector<std::pair<std::string, std::string>> parts;
        for (auto i : good) parts.emplace_back(result.answers[i].voice, result.answers[i].result.text);
        for (auto i : good) result.answers[i].contributed = true;
        final_call(std::move(result), merge_prompt(question_of(request.base), parts), best, {});
        return;
      }
      case SynthesisMode::Consensus: {
        std::vector<std::string> texts;
        for (auto i : good) texts.push_back(result.answers[i].result.text);
        auto outcome = find_consensus(texts);
        if (outcome.unanimous) {
          keep_best(result, good.size() == 1 ? "only one voice answered; kept its answer" : "");
          for (auto i : good) result.answers[i].contributed = true;
          finish_with(std::move(result));
          return;
        }
        if (outcome.agreed_code.empty() && outcome.agreed_points.empty()) {
          keep_best(result, "no quorum agreement among " + std::to_string(good.size()) +
                                " voices; kept the best-scoring answer");
          finish_with(std::move(result));
          return;
        }
        for (std::size_t k = 0; k < good.size(); ++k)
          if (outcome.supporters[k]) result.answers[good[k]].contributed = true;
        std::string verbatim;
        for (const auto& p : outcome.agreed_points) verbatim += "- " + p + "\n";
        for (const auto& c : outcome.agreed_code) verbatim += "\n```\n" + c + "```\n";
        final_call(std::move(result), consensus_prompt(question_of(request.base), outcome), best, verbatim);
        return;
      }
    }
  }

  void final_call(SynthesisResult partial, std::string prompt, std::size_t best, std::string verbatim_fallback) {
    if (cancel.cancelled()) {
      partial.final = make_error_result(ErrorKind::Cancelled, "cancelled before the final synthesis call");
      finish_with(std::move(partial));
      return;
    }
    GenerationRequest merge = request.base;
    merge.voice.clear();
    merge.prompt.reset();
    merge.suffix.reset();
    merge.messages = {
        {"system", "You are a senior engineer who synthesises expert answers into one precise, complete answer. "
                   "Answer in Markdown with code in fenced blocks."},
        {"user", std::move(prompt)}};
    merge.temperature = std::min(merge.temperature, 0.3);
    if (!merge.force_tier && !merge.force_provider) merge.force_tier = Tier::Quality;
    auto shared = std::make_shared<SynthesisResult>(std::move(partial));
    auto self = shared_from_this();
    submit(
        std::move(merge), [self](std::string_view tok) { if (self->on_token) self->on_token("synthesis", tok); },
        [self, shared, best, verbatim_fallback](GenerationResult r) {
          if (r.ok() && !r.text.empty()) {
            shared->final = std::move(r);
          } else if (r.error == ErrorKind::Cancelled) {
            shared->final = std::move(r);
          } else if (!verbatim_fallback.empty()) {
            shared->note = "final consensus call failed (" + r.error_message + "); returning the agreed points verbatim";
            shared->final = shared->answers[best].result;
            shared->final.text = verbatim_fallback;
          } else {
            shared->note = "merge call failed (" + r.error_message + "); kept the best-scoring answer";
            shared->final = shared->answers[best].result;
          }
          self->finish_with(std::move(*shared));
        },
        cancel);
  }
};

}  // namespace

void run_synthesis(const SubmitFn& submit, const VoiceRegistry& registry, SynthesisRequest request,
                   SynthesisTokenCallback on_token, SynthesisDoneCallback on_done, CancelToken cancel) {
  auto resolved = request.voices.empty() ? registry.preset("default") : registry.resolve(request.voices);
  if (!resolved.ok() || resolved.value->empty()) {
    SynthesisResult r;
    r.mode = request.mode;
    r.final = make_error_result(ErrorKind::InvalidRequest, resolved.ok() ? "no voices selected" : resolved.error);
    on_done(std::move(r));  // on the caller's thread: Engine::synthesize validates first and posts

    return;
  }
  auto state = std::make_shared<SynthesisState>();
  state->submit = submit;
  state->request = std::move(request);
  state->on_token = std::move(on_token);
  state->on_done = std::move(on_done);
  state->cancel = cancel;
  state->voices = std::move(*resolved.value);
  state->answers.resize(state->voices.size());
  state->remaining = state->voices.size();
  for (std::size_t i = 0; i < state->voices.size(); ++i) state->answers[i].voice = state->voices[i].id;

  for (std::size_t i = 0; i < state->voices.size(); ++i) {
    GenerationRequest req = state->request.base;
    req.voice = state->voices[i].id;
    auto started = std::chrono::steady_clock::now();
    std::string voice = req.voice;
    submit(
        std::move(req),
        [state, voice](std::string_view tok) {
          if (state->on_token) state->on_token(voice, tok);
        },
        [state, i, started](GenerationResult r) {
          if (r.latency_ms <= 0)
            r.latency_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
          {
            std::lock_guard lock(state->mutex);
            state->answers[i].result = std::move(r);
          }
          if (state->remaining.fetch_sub(1, std::memory_order_acq_rel) != 1) return;
          std::lock_guard lock(state->mutex);  // the other voices' writes happen-before the merge
          state->all_answered();
        },
        cancel);
  }
}

}  // namespace cc::gen
