#include "protocol/jsonrpc.h"

namespace cc::protocol {

namespace {
bool valid_id(const json& id) { return id.is_number_integer() || id.is_string(); }

Incoming invalid(json id, std::string why) {
  Incoming in;
  in.kind = Incoming::Kind::Invalid;
  in.id = std::move(id);
  in.error = LspError{ErrorCode::InvalidRequest, std::move(why), std::nullopt};
  return in;
}
}  // namespace

Incoming classify(json message) {
  if (!message.is_object()) return invalid(nullptr, "a JSON-RPC message must be an object");
  json id = nullptr;
  bool has_id = message.contains("id");
  if (has_id) {
    id = std::move(message["id"]);
    if (!valid_id(id) && !id.is_null()) return invalid(nullptr, "'id' must be an integer or a string");
  }
  auto jv = message.find("jsonrpc");
  if (jv == message.end() || !jv->is_string() || *jv != "2.0")
    return invalid(valid_id(id) ? id : json(nullptr), "'jsonrpc' must be \"2.0\"");

  auto method = message.find("method");
  if (method != message.end()) {
    if (!method->is_string()) return invalid(valid_id(id) ? id : json(nullptr), "'method' must be a string");
    Incoming in;
    in.method = method->get<std::string>();
    auto params = message.find("params");
    if (params != message.end()) {
      if (!params->is_object() && !params->is_array() && !params->is_null())
        return invalid(valid_id(id) ? id : json(nullptr), "'params' must be an object or an array");
      in.params = std::move(*params);
    }
    if (has_id) {
      if (id.is_null()) return invalid(nullptr, "a request id must not be null");
      in.kind = Incoming::Kind::Request;
      in.id = std::move(id);
    } else {
      in.kind = Incoming::Kind::Notification;
    }
    return in;
  }
  // A response to one of our requests.
  if (!has_id) return invalid(nullptr, "message has neither 'method' nor 'id'");
  Incoming in;
  in.kind = Incoming::Kind::Response;
  in.id = id;
  bool has_result = message.contains("result");
  auto err = message.find("error");
  if (err != message.end() && err->is_object()) {
    LspError e;
    e.code = static_cast<ErrorCode>(err->value("code", static_cast<int>(ErrorCode::UnknownErrorCode)));
    if (auto m = err->find("message"); m != err->end() && m->is_string()) e.message = m->get<std::string>();
    if (auto d = err->find("data"); d != err->end()) e.data = *d;
    in.error = std::move(e);
  } else if (has_result) {
    in.result = std::move(message["result"]);
  } else {
    return invalid(id, "response has neither 'result' nor 'error'");
  }
  return in;
}

std::string id_key(const json& id) {
  // Cheaper than dump() (which sets up a serializer per call) on the per-request path.
  if (id.is_number_integer()) return std::to_string(id.get<std::int64_t>());
  if (id.is_string()) return "s:" + id.get_ref<const std::string&>();
  return id.dump();
}

json make_error_response(const json& id, const LspError& error) {
  json err{{"code", static_cast<int>(error.code)}, {"message", error.message}};
  if (error.data) err["data"] = *error.data;
  return json{{"jsonrpc", "2.0"}, {"id", id}, {"error", std::move(err)}};
}

json make_notification(const std::string& method, json params) {
  json m{{"jsonrpc", "2.0"}, {"method", method}};
  if (!params.is_null()) m["params"] = std::move(params);
  return m;
}

json make_request(const json& id, const std::string& method, json params) {
  json m{{"jsonrpc", "2.0"}, {"id", id}, {"method", method}};
  if (!params.is_null()) m["params"] = std::move(params);
  return m;
}

}  // namespace cc::protocol
