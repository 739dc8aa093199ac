// AI features over the real binary against in-process fake Ollama/OpenAI servers: both code
// action paths (resolve and command), streaming progress, cancellation mid-stream, stale
// versions, no backend, garbage answers, secrets never leaving the machine, positions with
// emoji/CJK in utf-16 and utf-8. Synchronised on messages, never on sleeps.
#include <gtest/gtest.h>

#include <set>

#include "tests/support/fake_backend_server.h"
#include "tests/support/lsp_process.h"

using cc::testing::FakeBackendServer;
using cc::testing::json;
using cc::testing::LspProcess;
using cc::testing::Script;
using cc::testing::WireFormat;

namespace {

json endpoints_for(const std::string& ollama_url, const std::string& openai_url) {
  return json{{"generation",
               {{"endpoints", json::array({{{"name", "fake-ollama"}, {"kind", "ollama"}, {"url", ollama_url}, {"tier", "quality"}, {"model", "m"}},
                                           {{"name", "fake-openai"}, {"kind", "openai"}, {"url", openai_url}, {"tier", "fast"}, {"model", "m"}}})},
                {"timeouts", {{"connectMs", 500}, {"readMs", 20000}, {"requestMs", 30000}}},
                {"cache", {{"enabled", false}}}}}};
}

json caps(bool resolve, const char* encoding = "utf-16") {
  json ca{{"codeActionLiteralSupport", {{"codeActionKind", {{"valueSet", json::array()}}}}}, {"disabledSupport", true}};
  if (resolve) {
    ca["dataSupport"] = true;
    ca["resolveSupport"] = {{"properties", json::array({"edit"})}};
  }
  return json{{"general", {{"positionEncodings", json::array({encoding})}}},
              {"window", {{"workDoneProgress", true}}},
              {"workspace", {{"applyEdit", true}, {"workspaceEdit", {{"documentChanges", true}}}}},
              {"textDocument", {{"codeAction", ca}}}};
}

class AiSession {
 public:
  AiSession(json capabilities, json init_options)
      : p({CC_BINARY, "lsp"}, {"XDG_CONFIG_HOME=/nonexistent", "XDG_CACHE_HOME=/tmp/cc-ai-test-cache"}) {
    p.request(1, "initialize", {{"processId", nullptr}, {"capabilities", capabilities}, {"initializationOptions", init_options}});
    EXPECT_TRUE(p.wait_response(1));
    p.notify("initialized");
    // The first health probe publishes a status: after it, availability is known.
    status = p.wait_for([this](const json& m) { return answer_server_requests(m), m.value("method", "") == "codecrucible/status"; });
    EXPECT_TRUE(status);
  }
  ~AiSession() {
    p.request("bye", "shutdown");
    p.wait_for([this](const json& m) { answer_server_requests(m); return m.value("id", json()) == "bye" && !m.contains("method"); });
    p.notify("exit");
    auto code = p.wait_exit();
    EXPECT_TRUE(code && *code == 0);
    EXPECT_TRUE(p.framing_errors().empty());
  }
  // Accepts window/workDoneProgress/create and window/showDocument as a client would.
  void answer_server_requests(const json& m) {
    if (!m.contains("id") || !m.contains("method")) return;
    std::string method = m["method"];
    if (method == "window/workDoneProgress/create" || method == "window/showDocument" || method == "workspace/configuration")
      p.send({{"jsonrpc", "2.0"}, {"id", m["id"]}, {"result", method == "window/showDocument" ? json{{"success", true}} : json(nullptr)}});
  }
  void open(const std::string& uri, const std::string& text, int version = 1) {
    p.notify("textDocument/didOpen", {{"textDocument", {{"uri", uri}, {"languageId", "python"}, {"version", version}, {"text", text}}}});
  }
  json actions(const std::string& uri, int line) {
    json id = ++n;
    p.request(id, "textDocument/codeAction",
              {{"textDocument", {{"uri", uri}}},
               {"range", {{"start", {{"line", line}, {"character", 0}}}, {"end", {{"line", line}, {"character", 0}}}}},
               {"context", {{"diagnostics", json::array()}}}});
    auto r = wait_response(id);
    return r ? (*r)["result"] : json();
  }
  std::optional<json> wait_response(const json& id) {
    return p.wait_for([&](const json& m) { answer_server_requests(m); return m.value("id", json()) == id && !m.contains("method"); });
  }
  static json find(const json& actions, const std::string& title_part) {
    for (const auto& a : actions)
      if (a.value("title", "").find(title_part) != std::string::npos) return a;
    return json();
  }

  LspProcess p;
  std::optional<json> status;
  int n = 100;
};

const char* kDoc = "def add(a, b):\n    return a + b\n\nprint(add(1, 2))\n";

}  // namespace

TEST(AiFeatures, ResolvePathReturnsAVersionedEdit) {
  FakeBackendServer ollama(WireFormat::Ollama), openai(WireFormat::OpenAI);
  Script answer;
  answer.tokens = {"```python\n", "def add(a, b):\n", "    \"\"\"Sum.\"\"\"\n", "    return a + b\n", "```\n", "Done."};
  answer.chunk_bytes = 5;
  ollama.set_default(answer);
  openai.set_default(answer);
  AiSession s(caps(true), endpoints_for(ollama.url(), openai.url()));
  s.open("file:///w/a.py", kDoc);
  auto actions = s.actions("file:///w/a.py", 0);
  json doc_action = AiSession::find(actions, "Add documentation");
  ASSERT_FALSE(doc_action.is_null()) << actions.dump();
  EXPECT_FALSE(doc_action.contains("edit")) << "codeAction must not call the model";
  EXPECT_FALSE(doc_action.contains("disabled"));
  ASSERT_TRUE(doc_action.contains("data"));
  s.p.request("r1", "codeAction/resolve", doc_action);
  auto resolved = s.wait_response("r1");
  ASSERT_TRUE(resolved && resolved->contains("result")) << (resolved ? resolved->dump() : "timeout");
  const json& dc = (*resolved)["result"]["edit"]["documentChanges"][0];
  EXPECT_EQ(dc["textDocument"]["version"], 1);
  EXPECT_EQ(dc["edits"][0]["newText"], "def add(a, b):\n    \"\"\"Sum.\"\"\"\n    return a + b\n");
  EXPECT_EQ(dc["edits"][0]["range"]["start"]["line"], 0);
  // Progress was reported while the answer streamed, and ended. Server-initiated progress
  // waits for the client's answer to window/workDoneProgress/create, so it may trail the reply.
  auto is_end = [](const json& m) { return m.value("method", "") == "$/progress" && m["params"]["value"]["kind"] == "end"; };
  bool end = false;
  for (const auto& m : s.p.all()) end |= is_end(m);
  if (!end) end = s.p.wait_for([&](const json& m) { s.answer_server_requests(m); return is_end(m); }).has_value();
  bool report = false;
  for (const auto& m : s.p.all())
    report |= m.value("method", "") == "$/progress" && m["params"]["value"]["kind"] == "report";
  EXPECT_TRUE(report);
  EXPECT_TRUE(end);
}

TEST(AiFeatures, CommandPathAppliesTheEditThroughApplyEdit) {
  FakeBackendServer ollama(WireFormat::Ollama), openai(WireFormat::OpenAI);
  Script answer;
  answer.tokens = {"```\n", "return a - b\n", "```"};
  ollama.set_default(answer);
  openai.set_default(answer);
  AiSession s(caps(false), endpoints_for(ollama.url(), openai.url()));
  s.open("file:///w/b.py", kDoc);
  auto actions = s.actions("file:///w/b.py", 1);
  json refactor = AiSession::find(actions, "Refactor");
  ASSERT_FALSE(refactor.is_null()) << actions.dump();
  ASSERT_TRUE(refactor.contains("command"));
  s.p.request("c1", "workspace/executeCommand", {{"command", refactor["command"]["command"]}, {"arguments", refactor["command"]["arguments"]}});
  auto apply = s.p.wait_for([&](const json& m) { s.answer_server_requests(m); return m.value("method", "") == "workspace/applyEdit"; });
  ASSERT_TRUE(apply);
  const json& edit = (*apply)["params"]["edit"]["documentChanges"][0]["edits"][0];
  // Indentation the model dropped is restored from the selection.
  EXPECT_EQ(edit["newText"], "    return a - b\n");
  EXPECT_EQ(edit["range"]["start"]["line"], 1);
  EXPECT_EQ(edit["range"]["end"]["line"], 2);
  s.p.send({{"jsonrpc", "2.0"}, {"id", (*apply)["id"]}, {"result", {{"applied", true}}}});
  auto done = s.wait_response("c1");
  ASSERT_TRUE(done && done->contains("result")) << (done ? done->dump() : "timeout");
}

TEST(AiFeatures, CancelRequestAbortsTheBackendStream) {
  FakeBackendServer ollama(WireFormat::Ollama), openai(WireFormat::OpenAI);
  Script slow = Script::slow_trickle(std::chrono::milliseconds(25));
  ollama.set_default(slow);
  openai.set_default(slow);
  AiSession s(caps(true), endpoints_for(ollama.url(), openai.url()));
  s.open("file:///w/c.py", kDoc);
  json action = AiSession::find(s.actions("file:///w/c.py", 0), "Refactor");
  ASSERT_FALSE(action.is_null());
  s.p.request("slow", "codeAction/resolve", action);
  // Wait until the first token has been streamed into progress, then cancel.
  auto first = s.p.wait_for([&](const json& m) {
    s.answer_server_requests(m);
    return m.value("method", "") == "$/progress" && m["params"]["value"]["kind"] == "report";
  });
  ASSERT_TRUE(first);
  s.p.notify("$/cancelRequest", {{"id", "slow"}});
  auto reply = s.wait_response("slow");
  ASSERT_TRUE(reply);
  EXPECT_EQ((*reply)["error"]["code"], -32800);
  // The HTTP stream under it was aborted.
  bool aborted = false;
  for (int i = 0; i < 100 && !aborted; ++i)  // bounded: each wait is 100 ms
    aborted = ollama.wait_for_aborted_streams(1, std::chrono::milliseconds(50)) ||
              openai.wait_for_aborted_streams(1, std::chrono::milliseconds(50));
  EXPECT_TRUE(aborted);
}

TEST(AiFeatures, StaleVersionAnswersContentModified) {
  FakeBackendServer ollama(WireFormat::Ollama), openai(WireFormat::OpenAI);
  AiSession s(caps(true), endpoints_for(ollama.url(), openai.url()));
  s.open("file:///w/d.py", kDoc);
  json action = AiSession::find(s.actions("file:///w/d.py", 0), "Refactor");
  ASSERT_FALSE(action.is_null());
  s.p.notify("textDocument/didChange", {{"textDocument", {{"uri", "file:///w/d.py"}, {"version", 2}}},
                                        {"contentChanges", json::array({{{"text", "x = 1\n"}}})}});
  s.p.request("stale", "codeAction/resolve", action);
  auto reply = s.wait_response("stale");
  ASSERT_TRUE(reply);
  EXPECT_EQ((*reply)["error"]["code"], -32801);
  EXPECT_EQ(ollama.generation_requests().size() + openai.generation_requests().size(), 0u);
}

TEST(AiFeatures, GarbageAnswerIsReportedNeverApplied) {
  FakeBackendServer ollama(WireFormat::Ollama), openai(WireFormat::OpenAI);
  Script prose;
  prose.tokens = {"I think ", "this code is ", "fine as it is."};
  ollama.set_default(prose);
  openai.set_default(prose);
  AiSession s(caps(true), endpoints_for(ollama.url(), openai.url()));
  s.open("file:///w/e.py", kDoc);
  json action = AiSession::find(s.actions("file:///w/e.py", 0), "Optimise");
  ASSERT_FALSE(action.is_null());
  s.p.request("g", "codeAction/resolve", action);
  auto reply = s.wait_response("g");
  ASSERT_TRUE(reply);
  ASSERT_TRUE(reply->contains("error")) << reply->dump();
  EXPECT_EQ((*reply)["error"]["code"], -32803);
  EXPECT_NE((*reply)["error"]["message"].get<std::string>().find("no usable code"), std::string::npos);
}

TEST(AiFeatures, NoBackendOffersDisabledActionsWithAReason) {
  // Ports that nothing listens on: grab one from a server we stop at once.
  std::string dead_ollama, dead_openai;
  {
    FakeBackendServer a(WireFormat::Ollama), b(WireFormat::OpenAI);
    dead_ollama = a.url();
    dead_openai = b.url();
  }
  AiSession s(caps(true), endpoints_for(dead_ollama, dead_openai));
  ASSERT_TRUE(s.status);
  EXPECT_EQ((*s.status)["params"]["available"], false);
  s.open("file:///w/f.py", kDoc);
  auto actions = s.actions("file:///w/f.py", 0);
  json refactor = AiSession::find(actions, "Refactor");
  ASSERT_FALSE(refactor.is_null());
  ASSERT_TRUE(refactor.contains("disabled")) << refactor.dump();
  EXPECT_NE(refactor["disabled"]["reason"].get<std::string>().find("No model server"), std::string::npos);
}

TEST(AiFeatures, NoBackendWithoutDisabledSupportOffersDoctor) {
  std::string dead;
  {
    FakeBackendServer a(WireFormat::Ollama);
    dead = a.url();
  }
  json c = caps(false);
  c["textDocument"]["codeAction"].erase("disabledSupport");
  AiSession s(c, endpoints_for(dead, dead + "/v1"));
  s.open("file:///w/g.py", kDoc);
  auto actions = s.actions("file:///w/g.py", 0);
  json doctor = AiSession::find(actions, "Doctor");
  ASSERT_FALSE(doctor.is_null()) << actions.dump();
  EXPECT_EQ(doctor["command"]["command"], "codecrucible.doctor");
  EXPECT_TRUE(AiSession::find(actions, "Refactor").is_null());
}

TEST(AiFeatures, SecretsNeverReachTheBackend) {
  FakeBackendServer ollama(WireFormat::Ollama), openai(WireFormat::OpenAI);
  Script answer;
  answer.tokens = {"```python\n", "KEY = os.environ['KEY']\n", "```"};
  ollama.set_default(answer);
  openai.set_default(answer);
  AiSession s(caps(true), endpoints_for(ollama.url(), openai.url()));
  const std::string secret = "AKIAIOSFODNN7EXAMPLQ";
  s.open("file:///w/h.py", "KEY = \"" + secret + "\"\nprint(KEY)\n");
  json action = AiSession::find(s.actions("file:///w/h.py", 0), "Refactor");
  ASSERT_FALSE(action.is_null());
  s.p.request("sec", "codeAction/resolve", action);
  auto reply = s.wait_response("sec");
  ASSERT_TRUE(reply && reply->contains("result")) << (reply ? reply->dump() : "timeout");
  auto bodies = ollama.generation_requests();
  auto more = openai.generation_requests();
  bodies.insert(bodies.end(), more.begin(), more.end());
  ASSERT_FALSE(bodies.empty());
  for (const auto& r : bodies) EXPECT_EQ(r.body.find(secret), std::string::npos) << r.body;
}

TEST(AiFeatures, EditRangesFollowTheEncodingOnEmojiAndCjkLines) {
  for (const char* enc : {"utf-16", "utf-8"}) {
    FakeBackendServer ollama(WireFormat::Ollama), openai(WireFormat::OpenAI);
    Script answer;
    answer.tokens = {"```\n", "s = \"ok\"\n", "```"};
    ollama.set_default(answer);
    openai.set_default(answer);
    AiSession s(caps(true, enc), endpoints_for(ollama.url(), openai.url()));
    // The last line has no newline: the edit must end at its end, counted in the encoding.
    s.open("file:///w/i.py", "x = 1\ns = \"\xF0\x9F\x98\x80\xE4\xB8\xAD\"");
    json action = AiSession::find(s.actions("file:///w/i.py", 1), "Refactor");
    ASSERT_FALSE(action.is_null());
    s.p.request("enc", "codeAction/resolve", action);
    auto reply = s.wait_response("enc");
    ASSERT_TRUE(reply && reply->contains("result")) << (reply ? reply->dump() : "timeout");
    const json& e = (*reply)["result"]["edit"]["documentChanges"][0]["edits"][0];
    EXPECT_EQ(e["range"]["start"], (json{{"line", 1}, {"character", 0}}));
    int end_char = std::string(enc) == "utf-8" ? 13 : 9;  // s = "😀中"
    EXPECT_EQ(e["range"]["end"], (json{{"line", 1}, {"character", end_char}})) << enc;
    EXPECT_EQ(e["newText"], "s = \"ok\"");
  }
}

TEST(AiFeatures, InlineCompletionWithTypeAheadCacheAndCompletionFallback) {
  FakeBackendServer ollama(WireFormat::Ollama), openai(WireFormat::OpenAI);
  Script fim;
  fim.tokens = {"a", " + ", "b"};
  ollama.set_default(fim);
  openai.set_default(fim);
  json c = caps(false);
  c["textDocument"]["inlineCompletion"] = json::object();
  AiSession s(c, endpoints_for(ollama.url(), openai.url()));
  s.open("file:///w/k.py", "def add(a, b):\n    return \n");
  auto pos = [](int ch) { return json{{"line", 1}, {"character", ch}}; };
  s.p.request("ic1", "textDocument/inlineCompletion",
              {{"textDocument", {{"uri", "file:///w/k.py"}}}, {"position", pos(11)}, {"context", {{"triggerKind", 2}}}});
  auto r1 = s.wait_response("ic1");
  ASSERT_TRUE(r1 && r1->contains("result")) << (r1 ? r1->dump() : "timeout");
  ASSERT_EQ((*r1)["result"]["items"].size(), 1u) << r1->dump();
  EXPECT_EQ((*r1)["result"]["items"][0]["insertText"], "a + b");
  auto generations = ollama.generation_requests().size() + openai.generation_requests().size();
  ASSERT_EQ(generations, 1u);
  // The request was fill-in-the-middle: a prompt (prefix) and a suffix, not a chat.
  auto reqs = openai.generation_requests().empty() ? ollama.generation_requests() : openai.generation_requests();
  EXPECT_TRUE(reqs[0].json().contains("prompt")) << reqs[0].body;

  // The user types the suggestion's first character: served from the cache, no model call.
  s.p.notify("textDocument/didChange", {{"textDocument", {{"uri", "file:///w/k.py"}, {"version", 2}}},
                                        {"contentChanges", json::array({{{"range", {{"start", pos(11)}, {"end", pos(11)}}}, {"text", "a"}}})}});
  s.p.request("ic2", "textDocument/inlineCompletion",
              {{"textDocument", {{"uri", "file:///w/k.py"}}}, {"position", pos(12)}, {"context", {{"triggerKind", 2}}}});
  auto r2 = s.wait_response("ic2");
  ASSERT_TRUE(r2 && r2->contains("result"));
  ASSERT_EQ((*r2)["result"]["items"].size(), 1u) << r2->dump();
  EXPECT_EQ((*r2)["result"]["items"][0]["insertText"], " + b");
  EXPECT_EQ(ollama.generation_requests().size() + openai.generation_requests().size(), 1u);

  // The completion-list fallback carries one AI item.
  s.p.request("c1", "textDocument/completion", {{"textDocument", {{"uri", "file:///w/k.py"}}}, {"position", pos(12)}});
  auto r3 = s.wait_response("c1");
  ASSERT_TRUE(r3 && r3->contains("result"));
  ASSERT_EQ((*r3)["result"]["items"].size(), 1u) << r3->dump();
  EXPECT_EQ((*r3)["result"]["items"][0]["textEdit"]["newText"], " + b");
}

TEST(AiFeatures, NewerCompletionRequestAnswersTheOlderOneEmpty) {
  FakeBackendServer ollama(WireFormat::Ollama), openai(WireFormat::OpenAI);
  Script fim;
  fim.tokens = {"x"};
  ollama.set_default(fim);
  openai.set_default(fim);
  json c = caps(false);
  c["textDocument"]["inlineCompletion"] = json::object();
  AiSession s(c, endpoints_for(ollama.url(), openai.url()));
  s.open("file:///w/l.py", "value = \n");
  json at{{"line", 0}, {"character", 8}};
  s.p.request("old", "textDocument/inlineCompletion", {{"textDocument", {{"uri", "file:///w/l.py"}}}, {"position", at}, {"context", {{"triggerKind", 2}}}});
  s.p.request("new", "textDocument/inlineCompletion", {{"textDocument", {{"uri", "file:///w/l.py"}}}, {"position", at}, {"context", {{"triggerKind", 2}}}});
  auto old_reply = s.wait_response("old");
  ASSERT_TRUE(old_reply && old_reply->contains("result"));
  EXPECT_TRUE((*old_reply)["result"]["items"].empty()) << "cancel-previous";
  auto new_reply = s.wait_response("new");
  ASSERT_TRUE(new_reply && new_reply->contains("result"));
  EXPECT_EQ((*new_reply)["result"]["items"].size(), 1u);
}

TEST(AiFeatures, EveryActionWorksOnBothPaths) {
  FakeBackendServer ollama(WireFormat::Ollama), openai(WireFormat::OpenAI);
  Script answer;
  answer.tokens = {"Here it is.\n", "```python\n", "def add(a, b):\n", "    return b + a\n", "```\n"};
  ollama.set_default(answer);
  openai.set_default(answer);
  for (bool resolve : {true, false}) {
    AiSession s(caps(resolve), endpoints_for(ollama.url(), openai.url()));
    s.open("file:///w/all.py", "import pickle\ndef add(a, b):\n    return pickle.loads(a)\n");
    s.p.request("sync", "codecrucible/sync");
    ASSERT_TRUE(s.wait_response("sync"));
    auto actions = s.actions("file:///w/all.py", 2);
    std::set<std::string> seen;
    for (const auto& a : actions) {
      std::string title = a.value("title", "");
      if (title.rfind("AI: ", 0) != 0) continue;
      seen.insert(title.substr(0, title.find(" — ")));
      json id = "run-" + title;
      if (a.contains("data")) {
        ASSERT_TRUE(resolve) << "only resolving clients get data-only actions: " << title;
        s.p.request(id, "codeAction/resolve", a);
        auto r = s.wait_response(id);
        ASSERT_TRUE(r && r->contains("result")) << title << ": " << (r ? r->dump() : "timeout");
        EXPECT_TRUE((*r)["result"].contains("edit")) << title;
      } else {
        ASSERT_TRUE(a.contains("command")) << title;
        s.p.request(id, "workspace/executeCommand", {{"command", a["command"]["command"]}, {"arguments", a["command"]["arguments"]}});
        auto r = s.p.wait_for([&](const json& m) {
          if (m.value("method", "") == "workspace/applyEdit")
            s.p.send({{"jsonrpc", "2.0"}, {"id", m["id"]}, {"result", {{"applied", true}}}});
          s.answer_server_requests(m);
          return m.value("id", json()) == id && !m.contains("method");
        });
        ASSERT_TRUE(r && r->contains("result")) << title << ": " << (r ? r->dump() : "timeout");
      }
    }
    for (const char* expected : {"AI: Fix ", "AI: Explain", "AI: Refactor", "AI: Add documentation", "AI: Generate tests",
                                 "AI: Optimise", "AI: Security review", "AI: Ask the council"}) {
      bool found = false;
      for (const auto& t : seen) found |= t.rfind(expected, 0) == 0 || t.find(expected + 4) != std::string::npos;
      EXPECT_TRUE(found) << expected << " missing (resolve=" << resolve << ")";
    }
  }
}

TEST(AiFeatures, ReviewOnSavePublishesAiDiagnosticsBesideStaticOnes) {
  FakeBackendServer ollama(WireFormat::Ollama), openai(WireFormat::OpenAI);
  Script review;
  review.tokens = {"[{\"line\": 2, \"severity\": \"warning\", ", "\"message\": \"b may be zero\"}]"};
  ollama.set_default(review);
  openai.set_default(review);
  json options = endpoints_for(ollama.url(), openai.url());
  options["review"] = {{"onSave", true}};
  AiSession s(caps(false), options);
  s.open("file:///w/r.py", "def div(a, b):\n    return a / b  # TODO check\n");
  s.p.notify("textDocument/didSave", {{"textDocument", {{"uri", "file:///w/r.py"}}}});
  s.p.request("sync", "codecrucible/sync");
  ASSERT_TRUE(s.wait_response("sync"));
  std::optional<json> last;
  for (const auto& m : s.p.all())
    if (m.value("method", "") == "textDocument/publishDiagnostics") last = m["params"];
  ASSERT_TRUE(last);
  bool ai = false, todo = false;
  for (const auto& d : (*last)["diagnostics"]) {
    if (d.value("source", "") == "codecrucible-ai") {
      ai = true;
      EXPECT_EQ(d["range"]["start"]["line"], 1);
      EXPECT_EQ(d["message"], "b may be zero");
    }
    todo |= d.value("code", "") == "todo";
  }
  EXPECT_TRUE(ai) << last->dump();
  EXPECT_TRUE(todo) << "static diagnostics stay";
  // Saving the same content again does not review it again.
  auto before = ollama.generation_requests().size() + openai.generation_requests().size();
  s.p.notify("textDocument/didSave", {{"textDocument", {{"uri", "file:///w/r.py"}}}});
  s.p.request("sync2", "codecrucible/sync");
  ASSERT_TRUE(s.wait_response("sync2"));
  EXPECT_EQ(ollama.generation_requests().size() + openai.generation_requests().size(), before);
}

TEST(AiFeatures, TypeAheadCacheServesLongFiles) {
  // The cache key is the tail of a long prefix: typing shifts that tail, and a typed-on
  // suggestion must still be served without a model call.
  FakeBackendServer ollama(WireFormat::Ollama), openai(WireFormat::OpenAI);
  Script fim;
  fim.tokens = {"a", " + ", "b"};
  ollama.set_default(fim);
  openai.set_default(fim);
  json c = caps(false);
  c["textDocument"]["inlineCompletion"] = json::object();
  AiSession s(c, endpoints_for(ollama.url(), openai.url()));
  std::string text;
  for (int i = 0; i < 200; ++i) text += "value_" + std::to_string(i) + " = " + std::to_string(i) + "\n";
  text += "def add(a, b):\n    return \n";
  s.open("file:///w/long.py", text);
  auto pos = [](int ch) { return json{{"line", 201}, {"character", ch}}; };
  auto ask = [&](const std::string& id, int ch) {
    s.p.request(id, "textDocument/inlineCompletion",
                {{"textDocument", {{"uri", "file:///w/long.py"}}}, {"position", pos(ch)}, {"context", {{"triggerKind", 2}}}});
    auto r = s.wait_response(id);
    EXPECT_TRUE(r && r->contains("result")) << (r ? r->dump() : "timeout");
    return r && r->contains("result") && !(*r)["result"]["items"].empty() ? (*r)["result"]["items"][0].value("insertText", "") : "";
  };
  EXPECT_EQ(ask("first", 11), "a + b");
  int version = 1;
  std::string typed;
  for (const char* ch : {"a", " ", "+"}) {
    int at = 11 + static_cast<int>(typed.size());
    s.p.notify("textDocument/didChange", {{"textDocument", {{"uri", "file:///w/long.py"}, {"version", ++version}}},
                                          {"contentChanges", json::array({{{"range", {{"start", pos(at)}, {"end", pos(at)}}}, {"text", ch}}})}});
    typed += ch;
    EXPECT_EQ(ask("typed-" + typed, at + 1), std::string("a + b").substr(typed.size())) << "after typing '" << typed << "'";
  }
  EXPECT_EQ(ollama.generation_requests().size() + openai.generation_requests().size(), 1u) << "type-ahead served from the cache";
}
