// Synthesis modes over a scripted generator behind the real scheduler.
#include <gtest/gtest.h>

#include "generation/voices/synthesis.h"
#include "tests/support/scripted_generator.h"

namespace cc::gen {
namespace {

using testing::Collector;
using testing::ScriptedAnswer;
using testing::ScriptedGenerator;

bool is_final_call(const GenerationRequest& r) { return r.voice.empty(); }

std::string user_of(const GenerationRequest& r) {
  for (auto it = r.messages.rbegin(); it != r.messages.rend(); ++it)
    if (it->role == "user") return it->content;
  return {};
}

struct Harness {
  VoiceRegistry registry;
  std::shared_ptr<ScriptedGenerator> generator;
  std::unique_ptr<Scheduler> scheduler;
  Collector<SynthesisResult> done;
  std::mutex mutex;
  std::map<std::string, std::string> streamed;  // voice → text

  explicit Harness(ScriptedGenerator::Script script) : generator(std::make_shared<ScriptedGenerator>(std::move(script))) {
    SchedulerConfig c;
    c.workers = 4;
    scheduler = std::make_unique<Scheduler>(c, generator);
  }

  void run(std::vector<std::string> voices, SynthesisMode mode, TaskType task = TaskType::Chat) {
    SynthesisRequest req;
    req.base.messages = {{"user", "How should I fix the parser?"}};
    req.base.task = task;
    req.voices = std::move(voices);
    req.mode = mode;
    SubmitFn submit = [this](GenerationRequest r, TokenCallback tok, DoneCallback on_done, CancelToken cancel) {
      if (!r.voice.empty()) apply_voice(r, *registry.find(r.voice).value);
      scheduler->submit({std::move(r), "", std::move(tok), std::move(on_done), cancel});
    };
    run_synthesis(
        submit, registry, std::move(req),
        [this](const std::string& voice, std::string_view t) {
          std::lock_guard lock(mutex);
          streamed[voice] += t;
        },
        done.callback(), {});
  }

  SynthesisResult result() {
    EXPECT_TRUE(done.wait(1));
    EXPECT_EQ(done.size(), 1u);
    return done.values().at(0);
  }
};

const VoiceAnswer& answer_of(const SynthesisResult& r, const std::string& voice) {
  for (const auto& a : r.answers)
    if (a.voice == voice) return a;
  throw std::runtime_error("no answer for " + voice);
}

TEST(SynthesisScoring, CodeBlocksSimilarityAndWantsCode) {
  auto blocks = code_blocks("text\n```cpp\nint x = 1;\n```\nmore\n```\ny();\n");
  ASSERT_EQ(blocks.size(), 2u);
  EXPECT_EQ(blocks[0], "int x = 1;\n");
  EXPECT_EQ(blocks[1], "y();\n");  // unterminated fence still counts
  EXPECT_DOUBLE_EQ(token_similarity("The quick fox", "the QUICK fox!"), 1.0);
  EXPECT_LT(token_similarity("alpha beta gamma", "delta epsilon"), 0.01);
  GenerationRequest edit;
  edit.task = TaskType::Edit;
  EXPECT_TRUE(wants_code(edit));
  GenerationRequest chat;
  chat.messages = {{"user", "Please implement a parser"}};
  EXPECT_TRUE(wants_code(chat));
  chat.messages = {{"user", "Why is the sky blue?"}};
  EXPECT_FALSE(wants_code(chat));
}

TEST(SynthesisScoring, PrefersParsedAgreeingCompleteAnswers) {
  auto ok = [](std::string text, std::string finish = "stop") {
    GenerationResult r;
    r.text = std::move(text);
    r.finish_reason = std::move(finish);
    return r;
  };
  GenerationResult failed;
  failed.error = ErrorKind::Timeout;
  std::vector<GenerationResult> answers = {
      ok("Use a carry-over buffer.\n```cpp\nbuffer.append(chunk);\nparse_lines(buffer);\n```\n"),
      ok("Keep a carry-over buffer between chunks."),  // no code although code is wanted
      ok("Use a carry-over buffer.\n```cpp\nbuffer.append(chunk);\nparse_lines(buffer);\n```\n", "length"),
      failed,
  };
  auto scores = score_answers(answers, true);
  EXPECT_GT(scores[0], scores[1]);
  EXPECT_GT(scores[0], scores[2]);  // cut off
  EXPECT_EQ(scores[3], 0.0);
}

TEST(SynthesisConsensus, AgreementIsSemanticNotByteEquality) {
  std::vector<std::string> answers = {
      "The parser drops lines split across chunks.\n```cpp\nbuffer.append(chunk);\nwhile (has_line(buffer)) emit(take_line(buffer));\n```\n",
      "Lines split across chunks are dropped by the parser!\n```\n  buffer.append(chunk);\n\n  while (has_line(buffer))   emit(take_line(buffer));\n```\nAlso rename the variable to carry.",
      "Rewrite everything in Rust for memory safety and better tooling.",
  };
  auto outcome = find_consensus(answers);
  EXPECT_FALSE(outcome.unanimous);
  ASSERT_EQ(outcome.agreed_code.size(), 1u);
  EXPECT_NE(outcome.agreed_code[0].find("buffer.append(chunk);"), std::string::npos);
  ASSERT_EQ(outcome.agreed_points.size(), 1u);
  EXPECT_NE(outcome.agreed_points[0].find("split across chunks"), std::string::npos);
  EXPECT_EQ(outcome.supporters, (std::vector<bool>{true, true, false}));
  EXPECT_TRUE(find_consensus({"same answer here", "Same answer here."}).unanimous);
}

ScriptedGenerator::Script by_voice(std::map<std::string, std::string> texts, std::string final_text = "MERGED") {
  return [texts, final_text](const GenerationRequest& r) {
    if (is_final_call(r)) return ScriptedAnswer{{final_text}};
    auto it = texts.find(r.voice);
    if (it == texts.end()) return ScriptedAnswer{{}, "stop", ErrorKind::Unavailable, "voice " + r.voice + " failed"};
    return ScriptedAnswer{{it->second}};
  };
}

TEST(Synthesis, CompetitiveKeepsTheBestScoredAnswerWithoutAnExtraCall) {
  Harness h(by_voice({
      {"developer", "Fix:\n```cpp\nbuffer.append(chunk);\nparse(buffer);\n```\nThis keeps partial lines."},
      {"analyzer", "The root cause is dropped partial lines."},
      {"architect", "Fix:\n```cpp\nbuffer.append(chunk);\nparse(buffer);\n```\nSeparate framing from parsing."},
  }));
  h.run({"developer", "analyzer", "architect"}, SynthesisMode::Competitive, TaskType::Edit);
  auto r = h.result();
  ASSERT_TRUE(r.final.ok()) << r.final.error_message;
  EXPECT_EQ(h.generator->calls(), 3u);
  EXPECT_NE(r.final.text.find("```cpp"), std::string::npos);
  int contributed = 0;
  for (const auto& a : r.answers) contributed += a.contributed;
  EXPECT_EQ(contributed, 1);
  EXPECT_FALSE(answer_of(r, "analyzer").contributed);
  EXPECT_LT(answer_of(r, "analyzer").score, answer_of(r, "developer").score);
  for (const auto& a : r.answers) {
    EXPECT_GT(a.result.latency_ms, 0.0) << a.voice;
    EXPECT_EQ(a.result.backend, "scripted");
  }
  EXPECT_EQ(answer_of(r, "analyzer").result.tier, Tier::Quality);  // the voice's preferred tier
  EXPECT_EQ(answer_of(r, "developer").result.tier, Tier::Fast);
  EXPECT_EQ(r.mode, SynthesisMode::Competitive);
}

TEST(Synthesis, CollaborativeMergeCallSeesEveryAnswer) {
  Harness h(by_voice({{"security", "Validate the length field."}, {"optimizer", "Avoid copying the buffer."}},
                     "Validate the length field and avoid copying."));
  h.run({"security", "optimizer"}, SynthesisMode::Collaborative);
  auto r = h.result();
  ASSERT_TRUE(r.final.ok());
  EXPECT_EQ(r.final.text, "Validate the length field and avoid copying.");
  ASSERT_EQ(h.generator->calls(), 3u);
  GenerationRequest merge;
  for (const auto& s : h.generator->started())
    if (is_final_call(s)) merge = s;
  auto prompt = user_of(merge);
  EXPECT_NE(prompt.find("How should I fix the parser?"), std::string::npos);
  EXPECT_NE(prompt.find("Answer from security\nValidate the length field."), std::string::npos);
  EXPECT_NE(prompt.find("Answer from optimizer\nAvoid copying the buffer."), std::string::npos);
  EXPECT_TRUE(answer_of(r, "security").contributed);
  EXPECT_TRUE(answer_of(r, "optimizer").contributed);
  std::lock_guard lock(h.mutex);
  EXPECT_EQ(h.streamed["synthesis"], "Validate the length field and avoid copying.");
  EXPECT_EQ(h.streamed["security"], "Validate the length field.");
}

TEST(Synthesis, CollaborativeRecordsFailedVoicesAndMergesTheRest) {
  Harness h(by_voice({{"developer", "Answer A about buffers."}, {"analyzer", "Answer B about buffers."}}));
  h.run({"developer", "analyzer", "architect"}, SynthesisMode::Collaborative);  // architect fails
  auto r = h.result();
  ASSERT_TRUE(r.final.ok());
  EXPECT_EQ(r.final.text, "MERGED");
  const auto& failed = answer_of(r, "architect");
  EXPECT_EQ(failed.result.error, ErrorKind::Unavailable);
  EXPECT_NE(failed.result.error_message.find("architect failed"), std::string::npos);
  EXPECT_FALSE(failed.contributed);
  EXPECT_TRUE(answer_of(r, "developer").contributed);
}

TEST(Synthesis, MergeCallFailureFallsBackToBestAnswer) {
  Harness h([](const GenerationRequest& r) {
    if (is_final_call(r)) return ScriptedAnswer{{}, "stop", ErrorKind::Timeout, "merge timed out"};
    return ScriptedAnswer{{"Answer from " + r.voice + " about the parser fix."}};
  });
  h.run({"developer", "maintainer"}, SynthesisMode::Collaborative);
  auto r = h.result();
  ASSERT_TRUE(r.final.ok());
  EXPECT_NE(r.final.text.find("about the parser fix"), std::string::npos);
  EXPECT_NE(r.note.find("merge call failed (merge timed out)"), std::string::npos);
}

TEST(Synthesis, ConsensusKeepsOnlyWhatAQuorumAgreesOn) {
  Harness h(by_voice({
      {"developer", "The parser drops lines split across chunks.\n```cpp\nbuffer.append(chunk);\nflush_lines(buffer);\n```\n"},
      {"maintainer", "Lines split across chunks are dropped by the parser.\n```cpp\n  buffer.append(chunk);\n  flush_lines(buffer);\n```\n"},
      {"explorer", "Switch the whole project to a generated parser from a grammar file."},
  }, "CONSENSUS ANSWER"));
  h.run({"developer", "maintainer", "explorer"}, SynthesisMode::Consensus);
  auto r = h.result();
  ASSERT_TRUE(r.final.ok());
  EXPECT_EQ(r.final.text, "CONSENSUS ANSWER");
  EXPECT_TRUE(answer_of(r, "developer").contributed);
  EXPECT_TRUE(answer_of(r, "maintainer").contributed);
  EXPECT_FALSE(answer_of(r, "explorer").contributed);
  GenerationRequest final_call;
  for (const auto& s : h.generator->started())
    if (is_final_call(s)) final_call = s;
  auto prompt = user_of(final_call);
  EXPECT_NE(prompt.find("buffer.append(chunk);"), std::string::npos);
  EXPECT_NE(prompt.find("split across chunks"), std::string::npos);
  EXPECT_EQ(prompt.find("generated parser"), std::string::npos);
}

TEST(Synthesis, ConsensusOfNearIdenticalAnswersNeedsNoFinalCall) {
  Harness h(by_voice({{"developer", "Use a carry-over buffer for partial lines."},
                      {"analyzer", "Use a carry over buffer for partial lines!"}}));
  h.run({"developer", "analyzer"}, SynthesisMode::Consensus);
  auto r = h.result();
  ASSERT_TRUE(r.final.ok());
  EXPECT_EQ(h.generator->calls(), 2u);
  EXPECT_TRUE(answer_of(r, "developer").contributed);
  EXPECT_TRUE(answer_of(r, "analyzer").contributed);
}

TEST(Synthesis, ConsensusWithoutAgreementSaysSo) {
  Harness h(by_voice({{"developer", "Cache the parsed tokens in a vector."},
                      {"analyzer", "Profile first, the network dominates latency."},
                      {"designer", "Rename the public API to read_lines."}}));
  h.run({"developer", "analyzer", "designer"}, SynthesisMode::Consensus);
  auto r = h.result();
  ASSERT_TRUE(r.final.ok());
  EXPECT_EQ(h.generator->calls(), 3u);
  EXPECT_NE(r.note.find("no quorum agreement"), std::string::npos);
}

TEST(Synthesis, EveryVoiceFailingIsAnErrorNamingThem) {
  Harness h(by_voice({}));
  h.run({"developer", "analyzer"}, SynthesisMode::Collaborative);
  auto r = h.result();
  EXPECT_FALSE(r.final.ok());
  EXPECT_NE(r.final.error_message.find("developer: voice developer failed"), std::string::npos);
  EXPECT_NE(r.final.error_message.find("analyzer"), std::string::npos);
}

TEST(Synthesis, UnknownVoiceIsAnInvalidRequestListingVoices) {
  Harness h(by_voice({}));
  h.run({"developer", "wizard"}, SynthesisMode::Competitive);
  auto r = h.result();
  EXPECT_EQ(r.final.error, ErrorKind::InvalidRequest);
  EXPECT_NE(r.final.error_message.find("valid voices"), std::string::npos);
  EXPECT_EQ(h.generator->calls(), 0u);
}

TEST(Synthesis, EmptyVoiceListUsesTheDefaultPreset) {
  Harness h(by_voice({{"developer", "a"}, {"analyzer", "b"}, {"architect", "c"}}));
  h.run({}, SynthesisMode::Competitive);
  auto r = h.result();
  ASSERT_EQ(r.answers.size(), 3u);
  EXPECT_EQ(r.answers[0].voice, "developer");
  EXPECT_EQ(r.answers[2].voice, "architect");
}

}  // namespace
}  // namespace cc::gen
