// Hostile clients through the real binary (issue 14): messages nested past any sane depth at
// every log and trace level, edits carrying broken characters (lone UTF-16 surrogates,
// invalid UTF-8, raw control characters) and edits that cannot apply, lone \r line ends,
// termination signals at random points of a busy session, a client that closes our output,
// and bad --clientProcessId values. Inputs are generated per class, not only the issue's
// instances; every wait is bounded.
#include <gtest/gtest.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <future>
#include <random>
#include <set>
#include <sstream>

#include "protocol/frame_decoder.h"
#include "protocol/json_input.h"
#include "protocol/positions.h"
#include "protocol/utf8.h"
#include "tests/server/hardening_support.h"

using namespace cc::testing;  // the shared harness in hardening_support.h

namespace {

namespace fs = std::filesystem;
using std::chrono::seconds;

std::string nested_arrays(std::size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }

// A request whose params nest `depth` arrays under "x" (the message itself is 2 levels).
std::string deep_request(const json& id, const std::string& method, std::size_t depth) {
  return R"({"jsonrpc":"2.0","id":)" + id.dump() + R"(,"method":")" + method + R"(","params":{"x":)" +
         nested_arrays(depth) + "}}";
}

int error_code(const std::optional<json>& reply) {
  return reply && reply->contains("error") ? (*reply)["error"].value("code", 0) : 0;
}

std::vector<std::string> quiet_env() {
  return {"XDG_CONFIG_HOME=/nonexistent", "XDG_CACHE_HOME=/tmp/cc-hostile-cache-" + std::to_string(::getpid())};
}

json initialize_params(const json& trace = "off") {
  return json{{"processId", nullptr}, {"rootUri", nullptr}, {"capabilities", json::object()}, {"trace", trace},
              {"initializationOptions", {{"ai", {{"enabled", false}}}}}};
}

void shutdown_and_expect_exit(LspProcess& p, int expected = 0) {
  p.request("bye", "shutdown");
  EXPECT_TRUE(p.wait_response("bye", seconds(30))) << "no shutdown reply";
  p.notify("exit");
  auto code = p.wait_exit(seconds(30));
  EXPECT_TRUE(code && *code == expected) << "exit code " << (code ? *code : -1);
  EXPECT_TRUE(p.framing_errors().empty()) << p.framing_errors().front();
}

}  // namespace

// ------------------------------------------------------------------------ depth (defect 1)

TEST(HostileDepth, DeepMessagesAreAnsweredAtEveryLogLevelAndTraceSetting) {
  TempDir dir("depth");
  for (const char* level : {"warn", "debug", "trace"}) {
    for (const char* trace : {"off", "verbose"}) {
      SCOPED_TRACE(std::string("--log-level ") + level + ", trace " + trace);
      const fs::path log = dir.path() / (std::string(level) + "-" + trace + ".log");
      LspProcess p({CC_BINARY, "lsp", "--log-level", level, "--log-file", log.string()}, quiet_env());
      // Before initialize: still one answer (the issue's debug-level crash happened here).
      p.send_raw(cc::protocol::encode_frame(deep_request("pre", "initialize", 100000)));
      EXPECT_EQ(error_code(p.wait_response("pre")), -32600);
      p.request(1, "initialize", initialize_params(trace));
      ASSERT_TRUE(p.wait_response(1));
      p.notify("initialized");
      // Around the cap and far past it, as request, notification and response.
      const std::size_t envelope = 2;  // the message object and params
      for (std::size_t depth : {std::size_t{1}, cc::protocol::kMaxJsonDepth - envelope,
                                cc::protocol::kMaxJsonDepth - envelope + 1, std::size_t{1000}, std::size_t{100000}}) {
        const bool too_deep = depth + envelope > cc::protocol::kMaxJsonDepth;
        const std::string id = "deep-" + std::to_string(depth);
        p.send_raw(cc::protocol::encode_frame(deep_request(id, "no/such", depth)));
        EXPECT_EQ(error_code(p.wait_response(id)), too_deep ? -32600 : -32601) << depth;
        p.send_raw(cc::protocol::encode_frame(R"({"jsonrpc":"2.0","method":"no/such","params":{"x":)" +
                                              nested_arrays(depth) + "}}"));
        p.send_raw(cc::protocol::encode_frame(R"({"jsonrpc":"2.0","id":424242,"result":)" + nested_arrays(depth) + "}"));
        p.request("probe-" + std::to_string(depth), "codecrucible/sync");
        EXPECT_TRUE(p.wait_response("probe-" + std::to_string(depth))) << "the server stopped answering after depth " << depth;
      }
      shutdown_and_expect_exit(p);
      // Logging of the deep messages is bounded too.
      std::error_code ec;
      EXPECT_LT(fs::file_size(log, ec), 8u << 20) << log;
    }
  }
}

// ------------------------------------------------------------------------ encodings (defect 2)

namespace {

EditorSession::Options with_backend(const std::string& url) {
  EditorSession::Options o;
  o.init_options = backend_options({url});
  return o;
}

// A didChange body written by hand: `text_wire` goes into the JSON string as it is (escapes
// and raw bytes included), as a client with a broken buffer would send it.
std::string raw_did_change(const std::string& uri, int version, json range, const std::string& text_wire) {
  std::string change = range.is_null() ? std::string("{") : R"({"range":)" + range.dump() + ",";
  change += R"("text":")" + text_wire + "\"}";
  return cc::protocol::encode_frame(R"({"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":")" +
                                    uri + R"(","version":)" + std::to_string(version) + R"(},"contentChanges":[)" + change + "]}}");
}

json lsp_position(const std::string& text, std::size_t offset) {
  cc::protocol::LineIndex index(text);
  auto pos = cc::protocol::offset_to_position(text, index, offset, cc::protocol::PositionEncoding::Utf16);
  return json{{"line", pos.line}, {"character", pos.character}};
}

// Offsets of every code point start in valid UTF-8, plus the end.
std::vector<std::size_t> boundaries(const std::string& text) {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < text.size(); i += cc::protocol::utf8_sequence_length(text, i)) out.push_back(i);
  out.push_back(text.size());
  return out;
}

bool got_parse_error(const LspProcess& p) {
  for (const auto& m : p.all())
    if (m.contains("error") && m["error"].value("code", 0) == -32700) return true;
  return false;
}

const std::string kReplacement = "\xEF\xBF\xBD";

}  // namespace

TEST(HostileEncoding, LoneSurrogateInAnEditBecomesAReplacementCharacterAndTheNextEditLandsRight) {
  FakeBackendServer ollama(WireFormat::Ollama);
  answer_ok(ollama);
  EditorSession s(with_backend(ollama.url()));
  const std::string uri = "file:///w/surrogate.py";
  s.open(uri, "x = 1\n");
  s.p.send_raw(raw_did_change(uri, 2, range_json(0, 0, 0, 0), "\\udc80"));
  s.p.send_raw(raw_did_change(uri, 3, range_json(0, 1, 0, 1), "y"));  // after the broken character
  ASSERT_TRUE(s.sync());
  EXPECT_FALSE(got_parse_error(s.p)) << "an edit was answered -32700 and dropped";
  const std::string want = kReplacement + "yx = 1\n";
  std::string seen = server_view_of_text(s, ollama, uri);
  EXPECT_NE(seen.find(want), std::string::npos) << "--- model received\n" << seen;
}

TEST(HostileEncoding, RandomEditsWithBrokenCharactersKeepTheServersTextEqualToTheClients) {
  FakeBackendServer ollama(WireFormat::Ollama);
  answer_ok(ollama);
  EditorSession s(with_backend(ollama.url()));
  const std::string uri = "file:///w/encodings.py";
  std::string text = "alpha = 1\nbeta = 2\n";  // the client's view, as valid UTF-8
  s.open(uri, text);
  std::mt19937 rng(1402);
  struct Piece {
    std::string wire, model;
  };
  const Piece pieces[] = {
      {"ab", "ab"},
      {"\\n", "\n"},
      {"\n", "\n"},                                 // a raw newline inside the JSON string
      {"\t", "\t"},                                 // a raw tab
      {"\x01", "\x01"},                             // a raw control character
      {"\\udc80", kReplacement},                    // lone low surrogate
      {"\\ud83dz", kReplacement + "z"},             // lone high surrogate (the z keeps a low one from pairing)
      {"\\ud83d\\ude00", "\xF0\x9F\x98\x80"},      // a real pair
      {"\xF0\x9F\x98\x80", "\xF0\x9F\x98\x80"},    // raw emoji
      {"\xff", kReplacement},                       // invalid UTF-8 byte
      {"\xC3", kReplacement},                       // truncated sequence
      {"\xED\xA0\x80", kReplacement + kReplacement + kReplacement},  // a surrogate encoded in UTF-8
      {"\xE4\xB8\xAD", "\xE4\xB8\xAD"},
  };
  for (int version = 2; version <= 301; ++version) {
    auto cuts = boundaries(text);
    std::size_t b = cuts[rng() % cuts.size()];
    std::size_t e = cuts[rng() % cuts.size()];
    if (e < b) std::swap(b, e);
    if (e - b > 12) e = b;  // mostly insertions, short deletions
    std::string wire, model;
    for (int k = static_cast<int>(rng() % 4); k > 0; --k) {
      const Piece& piece = pieces[rng() % std::size(pieces)];
      wire += piece.wire;
      model += piece.model;
    }
    json range{{"start", lsp_position(text, b)}, {"end", lsp_position(text, e)}};
    s.p.send_raw(raw_did_change(uri, version, range, wire));
    text.replace(b, e - b, model);
    if (version % 50 == 0) ASSERT_TRUE(s.sync());
  }
  ASSERT_TRUE(s.sync());
  EXPECT_FALSE(got_parse_error(s.p)) << "an edit was answered -32700 and dropped";
  std::string seen = server_view_of_text(s, ollama, uri);
  EXPECT_NE(seen.find(text), std::string::npos) << "--- model received\n" << seen << "\n--- expected\n" << text;
}

// ------------------------------------------------------------------------ resynchronisation

TEST(HostileEdits, AnEditThatCannotApplyIsToldAndTheDocumentComesBackOnFullTextOrSave) {
  FakeBackendServer ollama(WireFormat::Ollama);
  answer_ok(ollama);
  TempDir dir("resync");
  EditorSession s(with_backend(ollama.url()));
  const fs::path file = dir.path() / "saved.py";
  const std::string uri = "file://" + file.string();
  // Every way an edit can fail: a range ending before its start, a negative position, a
  // change that is not an object of the right shape, a change nested past the depth cap.
  const std::vector<std::string> broken = {
      raw_did_change(uri, 0, range_json(0, 5, 0, 1), "x"),
      raw_did_change(uri, 0, range_json(-1, 0, 0, 0), "x"),
      cc::protocol::encode_frame(R"({"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":")" +
                                 uri + R"(","version":3},"contentChanges":[{"text":42}]}})"),
      cc::protocol::encode_frame(R"({"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":")" +
                                 uri + R"(","version":3},"contentChanges":[{"text":"x","range":)" + nested_arrays(100000) + "}]}}"),
  };
  int round = 0;
  for (const auto& bad : broken) {
    SCOPED_TRACE("broken edit " + std::to_string(round));
    const std::string before = "value = " + std::to_string(round) + "\n";
    s.open(uri, before, 1);
    ASSERT_TRUE(s.sync());
    const std::size_t shown = s.seen("window/showMessage").size();
    s.p.send_raw(bad);
    s.p.send_raw(raw_did_change(uri, 3, range_json(0, 0, 0, 0), "ignored"));  // stale: not applied
    ASSERT_TRUE(s.sync());
    auto messages = s.seen("window/showMessage");
    ASSERT_GT(messages.size(), shown) << "the lost edit was not shown to the user";
    EXPECT_NE(messages.back().value("message", "").find("saved or reopened"), std::string::npos) << messages.back().dump();
    // Recovered: by a full-text change (odd rounds) or by a save read from disk (even rounds).
    const std::string after = "fresh = " + std::to_string(round) + "\n";
    if (round % 2) {
      s.p.send_raw(raw_did_change(uri, 4, nullptr, "fresh = " + std::to_string(round) + "\\n"));
    } else {
      std::ofstream(file, std::ios::binary) << after;
      s.p.notify("textDocument/didSave", {{"textDocument", {{"uri", uri}}}});
    }
    ASSERT_TRUE(s.sync());
    std::string seen = server_view_of_text(s, ollama, uri);
    EXPECT_NE(seen.find(after), std::string::npos) << "--- model received\n" << seen;
    ++round;
  }
  EXPECT_FALSE(got_parse_error(s.p));
}

// ------------------------------------------------------------------------ line ends (defect 3)

TEST(HostileLineEnds, FindingsAfterALoneCarriageReturnLandOnTheEditorsLineInLspAndAnalyze) {
  const std::string text = "x = 1\rpassword = \"hunter2xyz\"\r\neval(x)\r# TODO\n";
  struct Want {
    const char* rule;
    int line;  // 0-based, as the editor counts
  } wants[] = {{"secret-assignment", 1}, {"code-eval", 2}, {"todo", 3}};

  EditorSession::Options o;
  o.init_options = json{{"ai", {{"enabled", false}}}};
  o.wait_for_status = false;
  EditorSession s(o);
  const std::string uri = "file:///w/cr.py";
  s.open(uri, text);
  auto published = s.p.wait_for([&](const json& m) {
    s.answer(m);
    return m.value("method", "") == "textDocument/publishDiagnostics" && m["params"].value("uri", "") == uri &&
           !m["params"]["diagnostics"].empty();
  });
  ASSERT_TRUE(published);
  for (const auto& w : wants) {
    bool found = false;
    for (const auto& d : (*published)["params"]["diagnostics"])
      if (d.value("code", "") == w.rule && d["range"]["start"]["line"] == w.line) found = true;
    EXPECT_TRUE(found) << w.rule << " not on line " << w.line << ": " << published->dump();
  }

  TempDir dir("cr");
  std::ofstream(dir.path() / "cr.py", std::ios::binary) << text;
  auto r = run_command(kBoundedBinary + " analyze " + (dir.path() / "cr.py").string());
  for (const auto& w : wants)
    EXPECT_NE(r.output.find("cr.py:" + std::to_string(w.line + 1) + ":"), std::string::npos) << w.rule << "\n" << r.output;
}

// ------------------------------------------------------------------------ signals (defect 5)

namespace {

// Sends `count` requests from a second thread (the server must keep reading while its output
// queues); false when they could not all be written within the bound.
bool flood_requests(LspProcess& p, int count, const std::string& prefix) {
  auto done = std::async(std::launch::async, [&] {
    for (int i = 0; i < count; ++i) p.request(prefix + std::to_string(i), "codecrucible/metrics");
  });
  return done.wait_for(seconds(60)) == std::future_status::ready;
}

}  // namespace

TEST(HostileSignals, TermIntAndHupWithOutputQueuedFlushWholeFramesAndExitLikeEof) {
  for (int signum : {SIGTERM, SIGINT, SIGHUP}) {
    SCOPED_TRACE(::strsignal(signum));
    LspProcess p({CC_BINARY, "lsp"}, quiet_env());
    p.request(1, "initialize", initialize_params());
    ASSERT_TRUE(p.wait_response(1));
    p.notify("initialized");
    ASSERT_TRUE(flood_requests(p, 3000, "q-")) << "the server stopped reading while its output was not read";
    p.signal(signum);  // ~300 KB of answers wait in the pipe and the server's queue
    auto code = p.wait_exit(seconds(30));
    p.drain();
    EXPECT_TRUE(code && *code == 1) << "exit code " << (code ? *code : -1) << " (128+n is death by the signal)";
    EXPECT_TRUE(p.framing_errors().empty()) << "a truncated frame: " << p.framing_errors().front();
    int answered = 0;
    for (const auto& m : p.all()) answered += m.contains("id") && !m.contains("method");
    EXPECT_GE(answered, 1) << "nothing queued was flushed";
  }
}

TEST(HostileSignals, SignalsAtRandomPointsOfABusySessionNeverTruncateOrKill) {
  std::mt19937 rng(5);
  const int signals[] = {SIGTERM, SIGINT, SIGHUP};
  for (int round = 0; round < 12; ++round) {
    const int signum = signals[rng() % 3];
    SCOPED_TRACE("round " + std::to_string(round) + ", " + ::strsignal(signum));
    LspProcess p({CC_BINARY, "lsp"}, quiet_env());
    p.request(1, "initialize", initialize_params());
    ASSERT_TRUE(p.wait_response(1));
    p.notify("initialized");
    const std::string uri = "file:///w/busy" + std::to_string(round) + ".py";
    p.notify("textDocument/didOpen",
             {{"textDocument", {{"uri", uri}, {"languageId", "python"}, {"version", 1}, {"text", "import os\n"}}}});
    const int messages = static_cast<int>(rng() % 1500);
    const bool shut_down = rng() % 4 == 0;
    auto sent = std::async(std::launch::async, [&] {
      for (int i = 0; i < messages; ++i) {
        switch (rng() % 3) {
          case 0: p.send(did_change(uri, i + 2, json::array({{{"range", range_json(0, 0, 0, 0)}, {"text", "eval(x)\n"}}}))); break;
          case 1: p.request("m" + std::to_string(i), "codecrucible/metrics"); break;
          default: p.request("a" + std::to_string(i), "textDocument/codeAction",
                             {{"textDocument", {{"uri", uri}}}, {"range", range_json(0, 0, 0, 0)}, {"context", {{"diagnostics", json::array()}}}});
        }
      }
      if (shut_down) p.request("bye", "shutdown");
    });
    ASSERT_EQ(sent.wait_for(seconds(60)), std::future_status::ready);
    if (shut_down) ASSERT_TRUE(p.wait_response("bye", seconds(60)));
    p.signal(signum);
    auto code = p.wait_exit(seconds(30));
    p.drain();
    ASSERT_TRUE(code.has_value()) << "the server did not exit";
    EXPECT_EQ(*code, shut_down ? 0 : 1) << "128+n is death by the signal";
    EXPECT_TRUE(p.framing_errors().empty()) << "a truncated frame: " << p.framing_errors().front();
    std::set<std::string> ids;
    for (const auto& m : p.all()) {
      if (m.contains("id") && !m.contains("method")) {
        EXPECT_TRUE(ids.insert(m["id"].dump()).second) << "answered twice: " << m["id"];
      }
    }
  }
}

// ------------------------------------------------------------------------ the client's end of our output

TEST(HostileClient, ClosingTheServersOutputEndsTheServerWhileItsInputStaysOpen) {
  for (bool queued : {false, true}) {
    SCOPED_TRACE(queued ? "with output queued" : "idle");
    LspProcess p({CC_BINARY, "lsp"}, quiet_env());
    p.request(1, "initialize", initialize_params());
    ASSERT_TRUE(p.wait_response(1));
    p.notify("initialized");
    if (queued) ASSERT_TRUE(flood_requests(p, 3000, "q-"));
    p.close_output();
    auto code = p.wait_exit(seconds(30));
    EXPECT_TRUE(code && *code == 1) << "exit code " << (code ? *code : -1) << "; the server kept running with nobody listening";
  }
}

TEST(HostileClient, ClientProcessIdMustBeAPositiveProcessId) {
  for (const char* bad : {"12abc", "-1", "0", "", "1.5", " 7", "+7", "99999999999", "2147483648", "0x10"}) {
    auto r = run_command(kBoundedBinary + " lsp --clientProcessId '" + bad + "' </dev/null");
    EXPECT_EQ(r.exit_code, 2) << "'" << bad << "': " << r.output;
    EXPECT_NE(r.output.find("--clientProcessId"), std::string::npos) << r.output;
  }
  // A real one is accepted: the server runs until its input ends.
  auto ok = run_command(kBoundedBinary + " lsp --clientProcessId " + std::to_string(::getpid()) + " </dev/null");
  EXPECT_EQ(ok.exit_code, 1) << ok.output;  // EOF without shutdown
}
