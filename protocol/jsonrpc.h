#pragma once
// JSON-RPC 2.0 as LSP uses it: message classification, ids, error codes, envelopes.
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace cc::protocol {

using json = nlohmann::json;

// JSON-RPC and LSP error codes (LSP 3.17). No invented codes inside the reserved ranges.
enum class ErrorCode : int {
  ParseError = -32700,
  InvalidRequest = -32600,
  MethodNotFound = -32601,
  InvalidParams = -32602,
  InternalError = -32603,
  ServerNotInitialized = -32002,
  UnknownErrorCode = -32001,
  RequestFailed = -32803,
  ServerCancelled = -32802,
  ContentModified = -32801,
  RequestCancelled = -32800,
};

struct LspError {
  ErrorCode code = ErrorCode::InternalError;
  std::string message;
  std::optional<json> data;
};

// A classified incoming message. `id` holds the JSON id exactly as received (int or string)
// so it can be echoed back unchanged.
struct Incoming {
  enum class Kind { Request, Notification, Response, Invalid };
  Kind kind = Kind::Invalid;
  json id;  // null when absent or unusable
  std::string method;
  json params;            // null when absent
  json result;            // responses
  std::optional<LspError> error;  // responses with error, or why the message is Invalid
};

// Takes the message by value: params and result are moved out, not copied (callers that
// still need the message pass a copy).
Incoming classify(json message);

// Table key for an id: the serialised JSON, so 1 and "1" stay distinct.
std::string id_key(const json& id);

json make_error_response(const json& id, const LspError& error);
json make_notification(const std::string& method, json params);
json make_request(const json& id, const std::string& method, json params);

}  // namespace cc::protocol
