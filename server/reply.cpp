#include "server/reply.h"

#include <spdlog/spdlog.h>

namespace cc::server {

struct Reply::State {
  json id;
  std::string method;
  SendFn send;
  bool replied = false;
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();

  void finish(std::optional<json> result, std::optional<protocol::LspError> error) {
    if (replied) {
      spdlog::debug("dropping a second reply to {}({})", method, id.dump());
      return;
    }
    replied = true;
    if (spdlog::should_log(spdlog::level::info)) {  // id.dump() only when someone reads it
      auto ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
      if (error)
        spdlog::info("--> reply:{}({}) {:.1f} ms, error {}: {}", method, id.dump(), ms, static_cast<int>(error->code), error->message);
      else
        spdlog::info("--> reply:{}({}) {:.1f} ms", method, id.dump(), ms);
    }
    send(id, std::move(result), std::move(error));
  }

  ~State() {
    if (!replied && send) {
      spdlog::error("no reply to {}({}); answering InternalError", method, id.dump());
      finish(std::nullopt, protocol::LspError{protocol::ErrorCode::InternalError, "server failed to reply", std::nullopt});
    }
  }
};

Reply::Reply(json id, std::string method, SendFn send) : state_(std::make_shared<State>()) {
  state_->id = std::move(id);
  state_->method = std::move(method);
  state_->send = std::move(send);
}

void Reply::result(json value) const {
  if (state_) state_->finish(std::move(value), std::nullopt);
}

void Reply::error(protocol::ErrorCode code, std::string message) const {
  error(protocol::LspError{code, std::move(message), std::nullopt});
}

void Reply::error(protocol::LspError e) const {
  if (state_) state_->finish(std::nullopt, std::move(e));
}

bool Reply::replied() const { return state_ && state_->replied; }

const nlohmann::json& Reply::id() const {
  static const json kNull;
  return state_ ? state_->id : kNull;
}

const std::string& Reply::method() const {
  static const std::string kEmpty;
  return state_ ? state_->method : kEmpty;
}

}  // namespace cc::server
