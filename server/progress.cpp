#include "server/progress.h"

#include <spdlog/spdlog.h>

namespace cc::server {

void Progress::send(json value) {
  if (state_ == State::Unsupported || state_ == State::Ended) return;
  if (state_ == State::Creating) {
    buffered_.push_back(std::move(value));
    return;
  }
  bool is_end = value.value("kind", "") == "end";
  server_->notify("$/progress", json{{"token", token_}, {"value", std::move(value)}});
  if (is_end) state_ = State::Ended;
}

void Progress::flush_buffer() {
  auto buffered = std::move(buffered_);
  buffered_.clear();
  for (auto& v : buffered) send(std::move(v));
}

void Progress::report(const std::string& message, std::optional<int> percentage) {
  if (end_requested_) return;
  json v{{"kind", "report"}, {"message", message}};
  if (percentage) v["percentage"] = std::clamp(*percentage, 0, 100);
  if (state_ == State::Creating) {
    // Keep only the latest report while waiting for the client.
    if (!buffered_.empty() && buffered_.back().value("kind", "") == "report") buffered_.back() = std::move(v);
    else buffered_.push_back(std::move(v));
    return;
  }
  send(std::move(v));
}

void Progress::end(const std::string& message) {
  if (end_requested_) return;
  end_requested_ = true;
  json v{{"kind", "end"}};
  if (!message.empty()) v["message"] = message;
  send(std::move(v));
}

ProgressFeature::ProgressFeature(Server& server) : server_(server) {
  server_.on_notification("window/workDoneProgress/cancel", [this](const json& params) {
    auto it = live_.find(params.at("token").dump());
    if (it == live_.end()) return;
    if (auto p = it->second.lock(); p && p->on_cancel_) {
      spdlog::info("progress {} cancelled by the client", it->first);
      auto fn = p->on_cancel_;
      fn();
    }
  });
}

std::shared_ptr<Progress> ProgressFeature::begin(const std::optional<json>& client_token, const std::string& title,
                                                 const std::string& message, bool cancellable,
                                                 std::function<void()> on_cancel) {
  auto p = std::make_shared<Progress>();
  p->server_ = &server_;
  p->on_cancel_ = std::move(on_cancel);
  json begin{{"kind", "begin"}, {"title", title}, {"cancellable", cancellable}};
  if (!message.empty()) begin["message"] = message;
  // Drop expired entries so the table stays small.
  for (auto it = live_.begin(); it != live_.end();) it = it->second.expired() ? live_.erase(it) : std::next(it);

  if (client_token) {
    p->token_ = *client_token;
    p->state_ = Progress::State::Live;
    live_[p->token_.dump()] = p;
    p->send(std::move(begin));
    return p;
  }
  if (!server_.client().workDoneProgress) return p;  // Unsupported: every call is a no-op
  p->token_ = "codecrucible-" + std::to_string(next_token_++);
  p->state_ = Progress::State::Creating;
  p->buffered_.push_back(std::move(begin));
  live_[p->token_.dump()] = p;
  // The callback holds the progress alive so a begin/end buffered before the client answers
  // still goes out (the outgoing table is bounded, so this cannot leak).
  server_.call("window/workDoneProgress/create", json{{"token", p->token_}},
               [self = p](std::optional<json>, std::optional<protocol::LspError> error) {
                 if (error) {
                   spdlog::info("client refused progress: {}", error->message);
                   self->state_ = Progress::State::Unsupported;  // give up for good
                   self->buffered_.clear();
                   return;
                 }
                 self->state_ = Progress::State::Live;
                 self->flush_buffer();
               });
  return p;
}

}  // namespace cc::server
