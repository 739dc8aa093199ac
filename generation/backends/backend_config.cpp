#include "generation/backends/backend_config.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdlib>
#include <set>

#include "generation/backends/endpoint_auth.h"
#include "generation/backends/http_client.h"

namespace cc::gen {
namespace {

using nlohmann::json;

std::string type_name(const json& v) {
  if (v.is_string()) return "a string";
  if (v.is_boolean()) return "a boolean";
  if (v.is_number()) return "a number";
  if (v.is_array()) return "a list";
  if (v.is_object()) return "an object";
  return "null";
}

// Field readers: warn and leave `out` alone on a wrong type or range.
struct Reader {
  const json& obj;
  std::string where;  // "generation.timeouts"
  std::vector<std::string>& warnings;

  const json* get(const char* key) const {
    auto it = obj.find(key);
    return it == obj.end() ? nullptr : &*it;
  }
  void bad(const char* key, const json& v, const std::string& expected) const {
    warnings.push_back(where + "." + key + ": expected " + expected + ", got " + type_name(v) + " (" + v.dump() +
                       "); using the default");
  }
  void string(const char* key, std::string& out) const {
    if (const json* v = get(key)) {
      if (v->is_string()) out = v->get<std::string>();
      else bad(key, *v, "a string");
    }
  }
  void integer(const char* key, long long min, long long max, long long& out) const {
    const json* v = get(key);
    if (!v) return;
    if (!v->is_number_integer() && !(v->is_number_float() && v->get<double>() == static_cast<double>(static_cast<long long>(v->get<double>())))) {
      bad(key, *v, "an integer");
      return;
    }
    long long n = v->is_number_integer() ? v->get<long long>() : static_cast<long long>(v->get<double>());
    if (n < min || n > max) {
      warnings.push_back(where + "." + key + ": " + std::to_string(n) + " is out of range [" + std::to_string(min) + ", " +
                         std::to_string(max) + "]; using the default");
      return;
    }
    out = n;
  }
  void millis(const char* key, long long min, std::chrono::milliseconds& out) const {
    long long n = out.count();
    integer(key, min, 24LL * 3600 * 1000 * 365, n);
    out = std::chrono::milliseconds(n);
  }
  void boolean(const char* key, bool& out) const {
    if (const json* v = get(key)) {
      if (v->is_boolean()) out = v->get<bool>();
      else bad(key, *v, "true or false");
    }
  }
};

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::optional<EndpointConfig> parse_endpoint(const json& v, std::size_t index, std::vector<std::string>& warnings) {
  std::string where = "generation.endpoints[" + std::to_string(index) + "]";
  if (!v.is_object()) {
    warnings.push_back(where + ": expected an object, got " + type_name(v) + "; endpoint skipped");
    return std::nullopt;
  }
  Reader r{v, where, warnings};
  EndpointConfig e;
  std::string kind = "ollama";
  r.string("kind", kind);
  auto parsed_kind = backend_kind_from_string(kind);
  if (!parsed_kind) {
    warnings.push_back(where + ".kind: '" + kind + "' is not \"ollama\" or \"openai\"; endpoint skipped");
    return std::nullopt;
  }
  e.kind = *parsed_kind;
  e.url = e.kind == BackendKind::Ollama ? kDefaultOllamaUrl : kDefaultOpenAIUrl;
  e.tier = e.kind == BackendKind::Ollama ? Tier::Quality : Tier::Fast;
  e.max_concurrent = e.kind == BackendKind::Ollama ? 2 : 4;
  e.name = std::string(to_string(e.kind)) + (index ? "-" + std::to_string(index) : "");
  r.string("name", e.name);
  if (e.name.empty()) e.name = std::string(to_string(e.kind)) + "-" + std::to_string(index);
  std::string url = e.url;
  r.string("url", url);
  std::string url_error;
  if (!parse_url(url, &url_error)) {
    warnings.push_back(where + ".url: " + url_error + "; endpoint skipped");
    return std::nullopt;
  }
  set_endpoint_url(e, url);
  if (const json* t = r.get("tier")) {
    std::optional<Tier> tier = t->is_string() ? tier_from_string(t->get<std::string>()) : std::nullopt;
    if (tier) e.tier = *tier;
    else r.bad("tier", *t, "\"fast\" or \"quality\"");
  }
  r.string("model", e.model);
  long long max_concurrent = e.max_concurrent;
  r.integer("maxConcurrent", 1, 1024, max_concurrent);
  e.max_concurrent = static_cast<int>(max_concurrent);
  r.string("apiKeyEnv", e.api_key_env);
  if (!e.api_key_env.empty() && !(e.url_user.empty() && e.url_password.empty()))
    warnings.push_back(where + ".url: has credentials and apiKeyEnv is set too; the API key is sent, the URL credentials are not");
  if (const json* k = r.get("keepAlive")) {
    if (k->is_string()) e.keep_alive = k->get<std::string>();
    else if (k->is_number_integer()) e.keep_alive = std::to_string(k->get<long long>());
    else r.bad("keepAlive", *k, "a duration string such as \"15m\" or seconds");
  }
  return e;
}

}  // namespace

const char* to_string(BackendKind kind) { return kind == BackendKind::Ollama ? "ollama" : "openai"; }

std::optional<Tier> tier_from_string(std::string_view text) {
  std::string t = lower(text);
  if (t == "fast") return Tier::Fast;
  if (t == "quality") return Tier::Quality;
  return std::nullopt;
}

std::optional<BackendKind> backend_kind_from_string(std::string_view text) {
  std::string t = lower(text);
  if (t == "ollama") return BackendKind::Ollama;
  if (t == "openai" || t == "openai-compatible" || t == "lmstudio" || t == "llama.cpp" || t == "vllm") return BackendKind::OpenAI;
  return std::nullopt;
}

BackendConfig default_backend_config() {
  BackendConfig c;
  c.endpoints.push_back(EndpointConfig{"ollama", BackendKind::Ollama, kDefaultOllamaUrl, Tier::Quality, "qwen2.5-coder:7b", 2, "", "15m", "", ""});
  c.endpoints.push_back(EndpointConfig{"lmstudio", BackendKind::OpenAI, kDefaultOpenAIUrl, Tier::Fast, "", 4, "", "15m", "", ""});
  return c;
}

BackendConfig backend_config_from_json(const json& root, std::vector<std::string>& warnings) {
  BackendConfig config = default_backend_config();
  if (!root.is_object()) return config;
  auto gen_it = root.find("generation");
  if (gen_it == root.end() || gen_it->is_null()) return config;
  if (!gen_it->is_object()) {
    warnings.push_back("generation: expected an object, got " + type_name(*gen_it) + "; using defaults");
    return config;
  }
  const json& gen = *gen_it;

  if (auto it = gen.find("endpoints"); it != gen.end() && !it->is_null()) {
    if (!it->is_array()) {
      warnings.push_back("generation.endpoints: expected a list of endpoint objects, got " + type_name(*it) +
                         "; using the default endpoints");
    } else {
      std::vector<EndpointConfig> endpoints;
      std::set<std::string> names;
      for (std::size_t i = 0; i < it->size(); ++i) {
        auto e = parse_endpoint((*it)[i], i, warnings);
        if (!e) continue;
        if (!names.insert(e->name).second) {
          std::string renamed = e->name + "-" + std::to_string(i);
          warnings.push_back("generation.endpoints[" + std::to_string(i) + "].name: duplicate name '" + e->name + "', renamed to '" +
                             renamed + "'");
          e->name = renamed;
          names.insert(renamed);
        }
        endpoints.push_back(std::move(*e));
      }
      if (endpoints.empty() && !it->empty()) warnings.push_back("generation.endpoints: no usable endpoint; using the default endpoints");
      else if (it->empty()) warnings.push_back("generation.endpoints: empty list; no model server will be used");
      if (!endpoints.empty() || it->empty()) config.endpoints = std::move(endpoints);
    }
  }

  auto section = [&](const char* key) -> const json* {
    auto it = gen.find(key);
    if (it == gen.end() || it->is_null()) return nullptr;
    if (!it->is_object()) {
      warnings.push_back(std::string("generation.") + key + ": expected an object, got " + type_name(*it) + "; using defaults");
      return nullptr;
    }
    return &*it;
  };

  if (const json* t = section("timeouts")) {
    Reader r{*t, "generation.timeouts", warnings};
    r.millis("connectMs", 1, config.timeouts.connect);
    r.millis("readMs", 1, config.timeouts.read);
    r.millis("requestMs", 1, config.timeouts.request);
  }
  if (const json* t = section("routing")) {
    Reader r{*t, "generation.routing", warnings};
    if (const json* v = r.get("forceProvider"); v && !v->is_null()) {
      if (v->is_string() && !v->get<std::string>().empty()) config.routing.force_provider = v->get<std::string>();
      else if (!v->is_string()) r.bad("forceProvider", *v, "an endpoint name or null");
    }
    if (const json* v = r.get("forceTier"); v && !v->is_null()) {
      std::optional<Tier> tier = v->is_string() ? tier_from_string(v->get<std::string>()) : std::nullopt;
      if (tier) config.routing.force_tier = tier;
      else r.bad("forceTier", *v, "\"fast\", \"quality\" or null");
    }
    r.millis("decisionCacheTtlMs", 0, config.routing.decision_cache_ttl);
    long long size = static_cast<long long>(config.routing.decision_cache_size);
    r.integer("decisionCacheSize", 0, 1'000'000, size);
    config.routing.decision_cache_size = static_cast<std::size_t>(size);
    r.boolean("escalate", config.routing.escalate);
  }
  if (const json* t = section("breaker")) {
    Reader r{*t, "generation.breaker", warnings};
    long long threshold = config.breaker.failure_threshold;
    r.integer("failureThreshold", 1, 1000, threshold);
    config.breaker.failure_threshold = static_cast<int>(threshold);
    r.millis("cooldownMs", 0, config.breaker.cooldown);
  }
  if (config.routing.force_provider) {
    const std::string& p = *config.routing.force_provider;
    bool known = backend_kind_from_string(p).has_value() ||
                 std::any_of(config.endpoints.begin(), config.endpoints.end(), [&](const EndpointConfig& e) { return e.name == p; });
    if (!known) warnings.push_back("generation.routing.forceProvider: no endpoint named '" + p + "'; ignored");
    if (!known) config.routing.force_provider.reset();
  }
  return config;
}

json to_json(const BackendConfig& c) {
  json endpoints = json::array();
  for (const auto& e : c.endpoints) {
    endpoints.push_back({{"name", e.name}, {"kind", to_string(e.kind)}, {"url", e.url}, {"tier", to_string(e.tier)},
                         {"model", e.model}, {"maxConcurrent", e.max_concurrent}, {"apiKeyEnv", e.api_key_env},
                         {"keepAlive", e.keep_alive}});
  }
  return {{"endpoints", endpoints},
          {"timeouts", {{"connectMs", c.timeouts.connect.count()}, {"readMs", c.timeouts.read.count()}, {"requestMs", c.timeouts.request.count()}}},
          {"routing",
           {{"forceProvider", c.routing.force_provider ? json(*c.routing.force_provider) : json(nullptr)},
            {"forceTier", c.routing.force_tier ? json(to_string(*c.routing.force_tier)) : json(nullptr)},
            {"decisionCacheTtlMs", c.routing.decision_cache_ttl.count()},
            {"decisionCacheSize", c.routing.decision_cache_size},
            {"escalate", c.routing.escalate}}},
          {"breaker", {{"failureThreshold", c.breaker.failure_threshold}, {"cooldownMs", c.breaker.cooldown.count()}}}};
}

void set_endpoint_url(EndpointConfig& endpoint, std::string_view url) {
  auto parsed = parse_url(url);
  endpoint.url_user = parsed ? parsed->username : std::string();
  endpoint.url_password = parsed ? parsed->password : std::string();
  endpoint.url = without_credentials(url);
  register_endpoint_secrets(endpoint);
}

std::optional<std::string> normalize_ollama_host(std::string_view value) {
  std::string s(value);
  s.erase(0, s.find_first_not_of(" \t\r\n"));
  s.erase(s.find_last_not_of(" \t\r\n") + 1);
  if (s.empty()) return std::nullopt;
  std::string scheme = "http";
  std::string default_port = "11434";
  if (auto sep = s.find("://"); sep != std::string::npos) {
    scheme = lower(s.substr(0, sep));
    s = s.substr(sep + 3);
    if (scheme == "http") default_port = "80";
    else if (scheme == "https") default_port = "443";
    else return std::nullopt;
  }
  std::string path;
  if (auto slash = s.find('/'); slash != std::string::npos) {
    path = s.substr(slash);
    s.resize(slash);
  }
  while (!path.empty() && path.back() == '/') path.pop_back();
  std::string host;
  std::string port;
  if (!s.empty() && s.front() == '[') {
    auto close = s.find(']');
    if (close == std::string::npos) return std::nullopt;
    host = s.substr(1, close - 1);
    if (close + 1 < s.size() && s[close + 1] == ':') port = s.substr(close + 2);
  } else if (std::count(s.begin(), s.end(), ':') == 1) {
    auto colon = s.find(':');
    host = s.substr(0, colon);
    port = s.substr(colon + 1);
  } else {
    host = s;  // bare host, or a bare IPv6 address
  }
  if (host.empty() || host == "0.0.0.0" || host == "::") host = "127.0.0.1";
  int n = 0;
  auto [ptr, ec] = std::from_chars(port.data(), port.data() + port.size(), n);
  if (port.empty() || ec != std::errc() || ptr != port.data() + port.size() || n <= 0 || n > 65535) port = default_port;
  bool ipv6 = host.find(':') != std::string::npos;
  return scheme + "://" + (ipv6 ? "[" + host + "]" : host) + ":" + port + path;
}

namespace {

void override_kind(BackendConfig& config, BackendKind kind, std::string_view url) {
  auto first = std::find_if(config.endpoints.begin(), config.endpoints.end(), [&](const EndpointConfig& e) { return e.kind == kind; });
  EndpointConfig e;
  if (first != config.endpoints.end()) {
    e = *first;
  } else {
    e.kind = kind;
    e.name = to_string(kind);
    e.tier = kind == BackendKind::Ollama ? Tier::Quality : Tier::Fast;
    e.model = kind == BackendKind::Ollama ? "qwen2.5-coder:7b" : "";
    e.max_concurrent = kind == BackendKind::Ollama ? 2 : 4;
  }
  set_endpoint_url(e, url);
  // Accept the same shorthand as OLLAMA_HOST ("host:port").
  if (kind == BackendKind::Ollama) e.url = normalize_ollama_host(e.url).value_or(e.url);
  std::size_t position = first != config.endpoints.end() ? static_cast<std::size_t>(first - config.endpoints.begin()) : config.endpoints.size();
  std::erase_if(config.endpoints, [&](const EndpointConfig& x) { return x.kind == kind; });
  position = std::min(position, config.endpoints.size());
  config.endpoints.insert(config.endpoints.begin() + static_cast<std::ptrdiff_t>(position), std::move(e));
}

}  // namespace

void apply_endpoint_overrides(BackendConfig& config, std::optional<std::string> ollama_url, std::optional<std::string> openai_url,
                              std::optional<std::string> ollama_host_env) {
  if (ollama_url && !ollama_url->empty()) {
    override_kind(config, BackendKind::Ollama, *ollama_url);
  } else if (ollama_host_env && !ollama_host_env->empty()) {
    EndpointConfig from_env;
    set_endpoint_url(from_env, *ollama_host_env);
    if (auto normalized = normalize_ollama_host(from_env.url)) {
      for (auto& e : config.endpoints)
        if (e.kind == BackendKind::Ollama && e.url == kDefaultOllamaUrl) {
          e.url = *normalized;
          e.url_user = from_env.url_user;
          e.url_password = from_env.url_password;
        }
    }
  }
  if (openai_url && !openai_url->empty()) override_kind(config, BackendKind::OpenAI, *openai_url);
}

void apply_endpoint_overrides(BackendConfig& config, std::optional<std::string> ollama_url, std::optional<std::string> openai_url) {
  const char* env = std::getenv("OLLAMA_HOST");
  apply_endpoint_overrides(config, std::move(ollama_url), std::move(openai_url),
                           env ? std::optional<std::string>(env) : std::nullopt);
}

}  // namespace cc::gen
