#pragma once
// Reply: the one-and-only answer to a client request.
//
// Copies share one state, so a handler can capture it in callbacks. The first result() or
// error() wins; later ones are dropped with a debug log (a cancelled request already
// answered -32800 before its worker finished). If every copy dies unanswered, the request
// gets InternalError "server failed to reply" — a request is never left hanging.
// Loop thread only.
#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "protocol/jsonrpc.h"

namespace cc::server {

class Reply {
 public:
  using json = nlohmann::json;
  // send(result, error) writes the response; it is called at most once.
  using SendFn = std::function<void(const json& id, std::optional<json> result, std::optional<protocol::LspError> error)>;

  Reply() = default;
  Reply(json id, std::string method, SendFn send);

  void result(json value) const;
  void error(protocol::ErrorCode code, std::string message) const;
  void error(protocol::LspError error) const;
  [[nodiscard]] bool replied() const;
  [[nodiscard]] const json& id() const;
  [[nodiscard]] const std::string& method() const;

 private:
  struct State;
  std::shared_ptr<State> state_;
};

}  // namespace cc::server
