#pragma once
// Work-done progress (LSP $/progress), as a small state machine per token:
//   Unsupported → nothing is sent (the client lacks window.workDoneProgress and gave no token)
//   Creating    → window/workDoneProgress/create sent; begin/report are buffered
//   Live        → begin sent; reports flow; exactly one end
//   Ended
// A client-provided workDoneToken is Live at once (no create). `window/workDoneProgress/cancel`
// for a live token runs the cancel callback, cancellable or not.
// Loop thread only.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "server/server.h"

namespace cc::server {

class Progress {
 public:
  void report(const std::string& message, std::optional<int> percentage = std::nullopt);
  void end(const std::string& message = {});
  [[nodiscard]] bool live() const { return state_ == State::Live; }
  [[nodiscard]] const json& token() const { return token_; }

 private:
  friend class ProgressFeature;
  enum class State { Unsupported, Creating, Live, Ended };
  void send(json value);
  void flush_buffer();

  Server* server_ = nullptr;
  State state_ = State::Unsupported;
  json token_;
  std::vector<json> buffered_;
  bool end_requested_ = false;
  std::function<void()> on_cancel_;
};

class ProgressFeature : public Feature {
 public:
  explicit ProgressFeature(Server& server);
  // Begins progress. `client_token` is the request's workDoneToken when it has one.
  std::shared_ptr<Progress> begin(const std::optional<json>& client_token, const std::string& title,
                                  const std::string& message, bool cancellable, std::function<void()> on_cancel);

 private:
  Server& server_;
  std::uint64_t next_token_ = 1;
  std::map<std::string, std::weak_ptr<Progress>> live_;  // by token JSON
};

}  // namespace cc::server
