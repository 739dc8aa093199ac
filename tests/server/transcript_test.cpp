// Transcript tests: each tests/transcripts/*.test file drives the real binary over stdio.
//
//   # comment
//   --> {json}          send a framed message (the JSON may continue on following lines)
//   RAW "bytes"         send raw bytes; C escapes \r \n \t \\ \" \xNN are decoded
//   BODY "bytes"        send the (escaped) bytes as one frame with a correct Content-Length
//   <-- {json}          wait for the next server message that matches (subset match, "$any"
//                       matches any value); a non-matching *response* is a failure,
//                       non-matching server notifications/requests are skipped
//   CLOSE               close the server's stdin
//   EXIT n              expect the process to exit with code n
// Afterwards: every request sent got exactly one response, and stdout held only frames.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "tests/support/lsp_process.h"

namespace fs = std::filesystem;
using cc::testing::json;
using cc::testing::LspProcess;

namespace {

struct Step {
  enum class Kind { Send, Raw, Expect, Close, Exit } kind;
  std::string payload;
  int line = 0;
};

std::string unescape(const std::string& quoted) {
  std::string s = quoted;
  if (s.size() >= 2 && s.front() == '"' && s.back() == '"') s = s.substr(1, s.size() - 2);
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\' || i + 1 >= s.size()) {
      out.push_back(s[i]);
      continue;
    }
    char c = s[++i];
    switch (c) {
      case 'r': out.push_back('\r'); break;
      case 'n': out.push_back('\n'); break;
      case 't': out.push_back('\t'); break;
      case 'x':
        out.push_back(static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16)));
        i += 2;
        break;
      default: out.push_back(c);
    }
  }
  return out;
}

std::vector<Step> parse(const fs::path& file) {
  std::ifstream in(file);
  std::vector<Step> steps;
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    auto directive = [&](const char* prefix) { return line.rfind(prefix, 0) == 0; };
    if (directive("--> ")) steps.push_back({Step::Kind::Send, line.substr(4), n});
    else if (directive("<-- ")) steps.push_back({Step::Kind::Expect, line.substr(4), n});
    else if (directive("RAW ")) steps.push_back({Step::Kind::Raw, unescape(line.substr(4)), n});
    else if (directive("BODY ")) steps.push_back({Step::Kind::Raw, cc::protocol::encode_frame(unescape(line.substr(5))), n});
    else if (line == "CLOSE") steps.push_back({Step::Kind::Close, "", n});
    else if (directive("EXIT ")) steps.push_back({Step::Kind::Exit, line.substr(5), n});
    else if (!steps.empty() && (steps.back().kind == Step::Kind::Send || steps.back().kind == Step::Kind::Expect))
      steps.back().payload += "\n" + line;  // continuation of multi-line JSON
    else ADD_FAILURE() << file << ":" << n << ": cannot parse line: " << line;
  }
  return steps;
}

void replace_any(json& expected, const json& actual) {
  // "$any" in the expectation accepts whatever the server sent there.
  if (expected.is_string() && expected.get<std::string>() == "$any") {
    expected = actual;
  } else if (expected.is_object() && actual.is_object()) {
    for (auto it = expected.begin(); it != expected.end(); ++it)
      if (actual.contains(it.key())) replace_any(it.value(), actual[it.key()]);
  } else if (expected.is_array() && actual.is_array() && expected.size() == actual.size()) {
    for (std::size_t i = 0; i < expected.size(); ++i) replace_any(expected[i], actual[i]);
  }
}

std::vector<fs::path> transcript_files() {
  std::vector<fs::path> files;
  for (auto& e : fs::directory_iterator(fs::path(CC_SOURCE_DIR) / "tests" / "transcripts"))
    if (e.path().extension() == ".test") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  return files;
}

class Transcript : public ::testing::TestWithParam<fs::path> {};

TEST_P(Transcript, Runs) {
  const fs::path file = GetParam();
  auto steps = parse(file);
  ASSERT_FALSE(steps.empty());
  LspProcess server({CC_BINARY, "lsp"}, {"XDG_CONFIG_HOME=/nonexistent", "XDG_CACHE_HOME=" + (fs::temp_directory_path() / "cc-transcripts").string()});
  std::map<std::string, int> request_ids;  // id → responses seen
  std::optional<int> expected_exit;
  for (const auto& step : steps) {
    const std::string where = file.filename().string() + ":" + std::to_string(step.line);
    switch (step.kind) {
      case Step::Kind::Send: {
        json m = json::parse(step.payload, nullptr, false);
        ASSERT_FALSE(m.is_discarded()) << where << ": bad JSON in transcript";
        if (m.contains("id") && m.contains("method")) request_ids[m["id"].dump()] = 0;
        server.send(m);
        break;
      }
      case Step::Kind::Raw: server.send_raw(step.payload); break;
      case Step::Kind::Close: server.close_input(); break;
      case Step::Kind::Exit: expected_exit = std::stoi(step.payload); break;
      case Step::Kind::Expect: {
        json expected = json::parse(step.payload, nullptr, false);
        ASSERT_FALSE(expected.is_discarded()) << where << ": bad JSON in transcript";
        bool expecting_response = expected.contains("id") && !expected.contains("method");
        auto got = server.wait_for([&](const json& m) {
          json e = expected;
          replace_any(e, m);
          if (cc::testing::json_mismatch(e, m).empty()) return true;
          bool is_response = m.contains("id") && !m.contains("method");
          if (is_response && expecting_response && m["id"] == expected["id"])
            ADD_FAILURE() << where << ": response differs: " << cc::testing::json_mismatch(e, m) << "\n  got: " << m.dump();
          return is_response && expecting_response && m["id"] == expected["id"];
        });
        ASSERT_TRUE(got) << where << ": timed out waiting for " << expected.dump();
        break;
      }
    }
  }
  if (expected_exit) {
    auto code = server.wait_exit();
    ASSERT_TRUE(code) << file << ": server did not exit";
    EXPECT_EQ(*code, *expected_exit) << file;
  }
  server.drain();
  for (const auto& m : server.all())
    if (m.contains("id") && !m.contains("method") && request_ids.count(m["id"].dump())) ++request_ids[m["id"].dump()];
  for (const auto& [id, count] : request_ids) EXPECT_EQ(count, 1) << file << ": request " << id << " got " << count << " responses";
  EXPECT_TRUE(server.framing_errors().empty()) << file << ": stdout held something other than frames: "
                                               << (server.framing_errors().empty() ? "" : server.framing_errors()[0]);
}

INSTANTIATE_TEST_SUITE_P(All, Transcript, ::testing::ValuesIn(transcript_files()),
                         [](const ::testing::TestParamInfo<fs::path>& info) {
                           std::string name = info.param.stem().string();
                           for (auto& c : name)
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           return name;
                         });

}  // namespace
