#pragma once
// Multi-voice synthesis (BACKENDS.md "Synthesis modes").
//
// Each selected voice answers the same request concurrently (through the engine, so voices
// share the scheduler, cache and router). Then:
//   competitive   — every successful answer is scored: parse success (a code block present
//                   when the task wants code, not cut off), agreement with the other answers
//                   (token-set similarity) and length sanity (not tiny, not far off the
//                   median); the best one is the final answer. No extra call.
//   collaborative — one final "merge" call sees the question and every answer and writes one
//                   answer; every successful voice contributed. (One answer: kept as is.)
//   consensus     — answers are cut into units (normalised code blocks, prose key points);
//                   a unit is agreed when a quorum (more than half of the successful voices)
//                   has a similar unit: code by line-set overlap, prose by key-word overlap —
//                   never byte equality. Near-identical answers are accepted without a call;
//                   otherwise one final call writes an answer from the agreed units only.
//                   With no agreed unit the best-scoring answer is kept and `note` says so.
// A failed final call falls back to the best-scoring answer (or the agreed units verbatim).
//
// Threading: run_synthesis returns at once; on_token runs on engine worker threads (voice
// answers may interleave; tokens of the final call carry the voice name "synthesis"), and
// on_done is called exactly once, on a worker thread.
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "generation/scheduler/scheduler.h"
#include "generation/types.h"
#include "generation/voices/voices.h"

namespace cc::gen {

enum class SynthesisMode { Competitive, Collaborative, Consensus };
const char* to_string(SynthesisMode mode);
std::optional<SynthesisMode> synthesis_mode_from_string(std::string_view text);

struct SynthesisRequest {
  GenerationRequest base;
  std::vector<std::string> voices;  // ids, names or unique prefixes; empty → preset "default"
  SynthesisMode mode = SynthesisMode::Collaborative;
};

struct VoiceAnswer {
  std::string voice;
  GenerationResult result;  // latency_ms, backend, endpoint, tier, error of this voice
  bool contributed = false;
  double score = 0;  // competitive score in [0, 1] (also computed for the other modes)
};

struct SynthesisResult {
  GenerationResult final;
  std::vector<VoiceAnswer> answers;
  SynthesisMode mode = SynthesisMode::Collaborative;
  std::string note;  // e.g. "no quorum agreement; kept the best-scoring answer"
};

using SynthesisTokenCallback = std::function<void(const std::string& voice, std::string_view token)>;
using SynthesisDoneCallback = std::function<void(SynthesisResult)>;
// How synthesis sends one request (the engine's submit: voice applied, redacted, cached, scheduled).
using SubmitFn = std::function<void(GenerationRequest, TokenCallback, DoneCallback, CancelToken)>;

void run_synthesis(const SubmitFn& submit, const VoiceRegistry& voices, SynthesisRequest request,
                   SynthesisTokenCallback on_token, SynthesisDoneCallback on_done, CancelToken cancel);

// ---- Pieces exposed for tests -----------------------------------------------------------

// Jaccard similarity of the lowercase word sets of a and b (1 for two empty texts).
double token_similarity(std::string_view a, std::string_view b);
// Contents of the fenced code blocks of a Markdown answer.
std::vector<std::string> code_blocks(std::string_view text);
// Whether the task (or the question's wording) asks for code.
bool wants_code(const GenerationRequest& request);

// Scores answers (only successful, non-empty ones get > 0). Same order as `answers`.
std::vector<double> score_answers(const std::vector<GenerationResult>& answers, bool code_expected);

struct ConsensusOutcome {
  std::vector<std::string> agreed_code;    // representative code blocks (original text)
  std::vector<std::string> agreed_points;  // representative key points (original text)
  std::vector<bool> supporters;            // per answer: contributed an agreed unit
  bool unanimous = false;                  // every pair of answers is near-identical
};
ConsensusOutcome find_consensus(const std::vector<std::string>& answers);

// The user message of the final merge / consensus call.
std::string merge_prompt(std::string_view question, const std::vector<std::pair<std::string, std::string>>& answers);
std::string consensus_prompt(std::string_view question, const ConsensusOutcome& outcome);

}  // namespace cc::gen
