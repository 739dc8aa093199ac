// Hostile model servers through the real backends (issue 14, defects 4 and 13, and URL
// credentials): an echoed API key or password in every position (401 bodies, error frames,
// tokens split across chunks, model lists, the doctor), a 100 MB answer to a 1,024-token
// request, and oversized discovery answers. Every server below speaks the exact wire format
// (tests/support/fake_backend_server.h).
#include <gtest/gtest.h>

#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "generation/backends/answer_stream.h"
#include "generation/backends/backend_config.h"
#include "generation/backends/endpoint_auth.h"
#include "generation/backends/endpoint_backend.h"
#include "generation/backends/http_client.h"
#include "generation/doctor.h"
#include "tests/support/fake_backend_server.h"

namespace cc::gen {
namespace {

using cc::testing::FakeBackendServer;
using cc::testing::Script;
using cc::testing::WireFormat;

// Test secrets start with '\xc2\xa7' ('§'): the registry is process-wide, and a secret that
// began like a token of another test in this binary would hold that token back one step.
std::string fresh(const std::string& tag) {
  static std::mt19937_64 rng(std::random_device{}());
  return "\xc2\xa7" + tag + "-" + std::to_string(rng()) + "x";
}

TimeoutConfig quick() {
  TimeoutConfig t;
  t.connect = std::chrono::milliseconds(2000);
  t.read = std::chrono::milliseconds(10000);
  t.request = std::chrono::milliseconds(60000);
  return t;
}

EndpointConfig endpoint(const FakeBackendServer& server, const std::string& url) {
  EndpointConfig e;
  e.name = "hostile";
  e.kind = server.format() == WireFormat::Ollama ? BackendKind::Ollama : BackendKind::OpenAI;
  set_endpoint_url(e, url);
  e.model = "m";
  return e;
}

GenerationRequest ask(int max_tokens = 64) {
  GenerationRequest r;
  r.messages = {{"user", "hi"}};
  r.max_tokens = max_tokens;
  return r;
}

// Every text of a doctor report, both renderings.
std::string doctor_text(const BackendConfig& config) {
  DoctorReport report = run_doctor(config, CancelToken());
  return format_doctor_text(report) + to_json(report).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

class Hostile : public ::testing::TestWithParam<WireFormat> {};

TEST_P(Hostile, AnEchoedApiKeyNeverComesBackInErrorsTokensOrTheDoctor) {
  FakeBackendServer server(GetParam());
  const std::string key = fresh("sk-echoed");
  const std::string var = "CC_HOSTILE_KEY_" + std::to_string(static_cast<int>(GetParam()));
  ::setenv(var.c_str(), key.c_str(), 1);
  EndpointConfig e = endpoint(server, server.url());
  e.api_key_env = var;
  auto backend = make_endpoint_backend(e, quick());
  server.set_echo_authorization(true);

  // 1. A 401 quoting the Authorization header.
  server.require_api_key(key + "-rotated");
  GenerationResult denied = backend->generate(ask(), {}, CancelToken());
  ASSERT_FALSE(denied.ok());
  EXPECT_NE(denied.error_message.find("you sent Authorization: Bearer [REDACTED:"), std::string::npos)
      << denied.error_message;
  EXPECT_EQ(denied.error_message.find(key), std::string::npos) << denied.error_message;
  // 2. The doctor against the same server (401 on discovery).
  BackendConfig config;
  config.endpoints = {e};
  config.timeouts = quick();
  std::string doctor = doctor_text(config);
  EXPECT_EQ(doctor.find(key), std::string::npos) << doctor;
  server.require_api_key(key);
  // 3. An error frame mid-stream quoting it.
  Script error_frame;
  error_frame.tokens = {"a", "b"};
  error_frame.error_after = 1;
  server.push(error_frame);
  GenerationResult failed = backend->generate(ask(), {}, CancelToken());
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error_message.find(key), std::string::npos) << failed.error_message;
  // 4. The key said by the model, cut across tokens and across chunks.
  Script said;
  said.tokens = {"the key: ", key.substr(0, 5), key.substr(5, 7), key.substr(12), " ok"};
  said.chunk_bytes = 5;
  server.push(said);
  std::string streamed;
  GenerationResult answer = backend->generate(ask(), [&](std::string_view t) { streamed += t; }, CancelToken());
  ASSERT_TRUE(answer.ok()) << answer.error_message;
  EXPECT_EQ(answer.text, "the key: [REDACTED:configured-secret] ok");
  EXPECT_EQ(streamed, answer.text);
  // 5. Model names carrying it (and a terminal escape).
  server.set_models({"m", "evil-" + key + "\x1b[2J"});
  std::string listing = doctor_text(config);
  EXPECT_EQ(listing.find(key), std::string::npos) << listing;
  EXPECT_EQ(listing.find('\x1b'), std::string::npos);
  ::unsetenv(var.c_str());
}

TEST_P(Hostile, UrlCredentialsAreSentAsBasicAuthAndNeverShown) {
  FakeBackendServer server(GetParam());
  const std::string password = fresh("pw");
  std::string url = server.url();
  url.insert(url.find("://") + 3, "\xc2\xa7" "alice:" + password + "@");
  EndpointConfig e = endpoint(server, url);
  EXPECT_EQ(e.url, server.url()) << "the shown URL has no credentials";
  EXPECT_EQ(e.url_user, "\xc2\xa7" "alice");
  EXPECT_EQ(e.url_password, password);
  auto backend = make_endpoint_backend(e, quick());
  GenerationResult ok = backend->generate(ask(), {}, CancelToken());
  ASSERT_TRUE(ok.ok()) << ok.error_message;
  auto requests = server.generation_requests();
  ASSERT_FALSE(requests.empty());
  EXPECT_EQ(requests.back().header("Authorization"), "Basic " + base64_encode("\xc2\xa7" "alice:" + password));
  // Echoed back by a 401: neither the password nor its Basic token is shown.
  server.set_echo_authorization(true);
  server.require_api_key("something-else");
  GenerationResult denied = backend->generate(ask(), {}, CancelToken());
  ASSERT_FALSE(denied.ok());
  EXPECT_EQ(denied.error_message.find(password), std::string::npos) << denied.error_message;
  EXPECT_EQ(denied.error_message.find(base64_encode("\xc2\xa7" "alice:" + password)), std::string::npos) << denied.error_message;
  // Configuration, status and the doctor show the URL without them.
  BackendConfig config;
  config.endpoints = {e};
  config.timeouts = quick();
  EXPECT_EQ(to_json(config).dump().find(password), std::string::npos);
  EXPECT_EQ(doctor_text(config).find(password), std::string::npos);
}

TEST_P(Hostile, AHundredMegabyteAnswerToA1024TokenRequestIsCutAndTheCallAborted) {
  FakeBackendServer server(GetParam());
  Script flood;
  flood.tokens = {std::string(1000, 'z')};
  flood.repeat = 100 * 1000;  // 100 MB of text
  server.push(flood);
  auto backend = make_endpoint_backend(endpoint(server, server.url()), quick());
  std::size_t streamed = 0;
  GenerationResult r = backend->generate(ask(1024), [&](std::string_view t) { streamed += t.size(); }, CancelToken());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error, ErrorKind::Protocol);
  EXPECT_NE(r.error_message.find("at most 1024 tokens"), std::string::npos) << r.error_message;
  EXPECT_LE(r.text.size(), answer_limits(1024).text_bytes);
  EXPECT_LE(streamed, answer_limits(1024).text_bytes);
  EXPECT_TRUE(server.wait_for_aborted_streams(1)) << "the HTTP call was aborted, not read to the end";
}

TEST_P(Hostile, OversizedOrEndlessDiscoveryAnswersAreBounded) {
  FakeBackendServer server(GetParam());
  std::vector<std::string> many;
  for (int i = 0; i < 3000; ++i) many.push_back("model-" + std::to_string(i) + std::string(300, 'n'));
  server.set_models(many);
  auto backend = make_endpoint_backend(endpoint(server, server.url()), quick());
  ProbeResult p = backend->probe(CancelToken());
  // The list (about 1 MB) is read, but at most kMaxListedModels names of bounded length kept.
  ASSERT_TRUE(p.reachable) << p.error;
  EXPECT_LE(p.models.size(), kMaxListedModels);
  for (const auto& m : p.models) EXPECT_LE(m.size(), 256u);
  // A list past the fetch cap is cut off with a message, not read into memory.
  for (int i = 3000; i < 15000; ++i) many.push_back("model-" + std::to_string(i) + std::string(300, 'n'));
  server.set_models(many);
  ProbeResult big = backend->probe(CancelToken());
  EXPECT_TRUE(big.models.empty());
  EXPECT_NE(big.error.find("cut off"), std::string::npos) << big.error;
}

INSTANTIATE_TEST_SUITE_P(BothFormats, Hostile, ::testing::Values(WireFormat::Ollama, WireFormat::OpenAI),
                         [](const auto& info) { return info.param == WireFormat::Ollama ? "Ollama" : "OpenAI"; });

TEST(UrlCredentials, ParsedAndNeverRepeatedInMessages) {
  auto url = parse_url("https://bob:s%40cret-v4lue@models.example:8443/v1");
  ASSERT_TRUE(url);
  EXPECT_EQ(url->username, "bob");
  EXPECT_EQ(url->password, "s@cret-v4lue");
  EXPECT_EQ(url->host, "models.example");
  EXPECT_EQ(url->port, 8443);
  EXPECT_EQ(url->display(), "https://models.example:8443/v1");
  std::string error;
  EXPECT_FALSE(parse_url("http://bob:s3cret-v4lue@host:notaport", &error));
  EXPECT_EQ(error.find("s3cret-v4lue"), std::string::npos) << error;
  EXPECT_EQ(without_credentials("http://u:p@h:1/v1?x=@y"), "http://h:1/v1?x=@y");
  EXPECT_EQ(without_credentials("h:1"), "h:1");
}

TEST(UrlCredentials, ConfigAndCommandLineUrlsKeepThemOutOfTheShownUrl) {
  std::vector<std::string> warnings;
  nlohmann::json root = {{"generation",
                          {{"endpoints",
                            {{{"name", "proxy"}, {"kind", "openai"}, {"url", "http://\xc2\xa7" "carol:\xc2\xa7t0ps3cret-pw@10.0.0.1:8080/v1"}}}}}}};
  BackendConfig config = backend_config_from_json(root, warnings);
  ASSERT_EQ(config.endpoints.size(), 1u);
  EXPECT_EQ(config.endpoints[0].url, "http://10.0.0.1:8080/v1");
  EXPECT_EQ(config.endpoints[0].url_password, "\xc2\xa7t0ps3cret-pw");
  for (const auto& w : warnings) EXPECT_EQ(w.find("\xc2\xa7t0ps3cret-pw"), std::string::npos) << w;
  apply_endpoint_overrides(config, std::string("\xc2\xa7" "dave:\xc2\xa7" "an0ther-pw@127.0.0.1:9"), std::string("http://\xc2\xa7" "erin:\xc2\xa7th1rd-pw@h:1/v1"),
                           std::nullopt);
  for (const auto& e : config.endpoints) {
    EXPECT_EQ(e.url.find('@'), std::string::npos) << e.url;
    EXPECT_FALSE(e.url_password.empty()) << e.name;
  }
  EXPECT_EQ(to_json(config).dump().find("-pw"), std::string::npos);
}

}  // namespace
}  // namespace cc::gen
