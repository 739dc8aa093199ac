#pragma once
// Test double for cc::gen::Generator used by the engine's own tests (scheduler, synthesis,
// engine): answers from a script function, optionally gated so a test decides exactly when
// each call may proceed, and records what it saw. Every wait is bounded.
//
// Thread-safety: all members may be called from any thread.
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "generation/types.h"

namespace cc::testing {

struct ScriptedAnswer {
  std::vector<std::string> tokens;
  std::string finish_reason = "stop";
  gen::ErrorKind error = gen::ErrorKind::None;
  std::string error_message;
};

class ScriptedGenerator final : public gen::Generator {
 public:
  using Script = std::function<ScriptedAnswer(const gen::GenerationRequest&)>;

  explicit ScriptedGenerator(Script script = {}) : script_(std::move(script)) {}

  // Gated: each call blocks after being recorded until release() lets it through (or its
  // cancel token fires).
  void set_gated(bool gated) {
    std::lock_guard lock(mutex_);
    gated_ = gated;
    cv_.notify_all();
  }
  void release(int n = 1) {
    std::lock_guard lock(mutex_);
    permits_ += n;
    cv_.notify_all();
  }
  // Waits until at least n calls have started. False on timeout (10 s).
  [[nodiscard]] bool wait_started(std::size_t n, std::chrono::milliseconds limit = std::chrono::seconds(10)) {
    std::unique_lock lock(mutex_);
    return cv_.wait_for(lock, limit, [&] { return started_.size() >= n; });
  }
  [[nodiscard]] std::vector<gen::GenerationRequest> started() const {
    std::lock_guard lock(mutex_);
    return started_;
  }
  [[nodiscard]] std::size_t calls() const {
    std::lock_guard lock(mutex_);
    return started_.size();
  }
  [[nodiscard]] int max_concurrent() const {
    std::lock_guard lock(mutex_);
    return max_running_;
  }
  // Highest concurrency seen per request.model (tests use the model as the endpoint name).
  [[nodiscard]] std::map<std::string, int> max_concurrent_by_model() const {
    std::lock_guard lock(mutex_);
    return max_by_model_;
  }
  [[nodiscard]] int cancelled_calls() const {
    std::lock_guard lock(mutex_);
    return cancelled_;
  }

  gen::GenerationResult generate(const gen::GenerationRequest& request, const gen::TokenCallback& on_token,
                                 const CancelToken& cancel) override {
    auto start = std::chrono::steady_clock::now();
    {
      std::unique_lock lock(mutex_);
      started_.push_back(request);
      ++running_;
      max_running_ = std::max(max_running_, running_);
      int& by_model = running_by_model_[request.model];
      ++by_model;
      max_by_model_[request.model] = std::max(max_by_model_[request.model], by_model);
      cv_.notify_all();
    }
    bool was_cancelled = false;
    {
      std::unique_lock lock(mutex_);
      // Polls the token every 5 ms while gated: the double needs no cancel hook that could
      // outlive it. Bounded at 30 s.
      bool ok = false;
      for (int i = 0; i < 6000 && !ok; ++i)
        ok = cv_.wait_for(lock, std::chrono::milliseconds(5),
                          [&] { return !gated_ || permits_ > 0 || cancel.cancelled(); });
      if (cancel.cancelled()) was_cancelled = true;
      else if (gated_ && ok) --permits_;
    }
    gen::GenerationResult result;
    if (was_cancelled) {
      result.error = gen::ErrorKind::Cancelled;
      result.error_message = "cancelled";
      result.finish_reason = "cancelled";
    } else {
      ScriptedAnswer answer = script_ ? script_(request) : default_answer(request);
      for (const auto& t : answer.tokens) {
        if (cancel.cancelled()) break;
        if (on_token) on_token(t);
        result.text += t;
      }
      result.error = answer.error;
      result.error_message = answer.error_message;
      result.finish_reason = answer.error == gen::ErrorKind::None ? answer.finish_reason : "error";
      if (cancel.cancelled()) {
        result.error = gen::ErrorKind::Cancelled;
        result.finish_reason = "cancelled";
      }
    }
    result.backend = "scripted";
    result.endpoint = request.model.empty() ? "scripted-endpoint" : request.model;
    result.model = request.model;
    result.tier = request.force_tier.value_or(gen::Tier::Fast);
    result.latency_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    {
      std::lock_guard lock(mutex_);
      --running_;
      --running_by_model_[request.model];
      if (was_cancelled || result.error == gen::ErrorKind::Cancelled) ++cancelled_;
      cv_.notify_all();
    }
    return result;
  }

  static ScriptedAnswer default_answer(const gen::GenerationRequest& request) {
    std::string last;
    for (const auto& m : request.messages)
      if (m.role == "user") last = m.content;
    if (request.prompt) last = *request.prompt;
    return ScriptedAnswer{{"answer", " to: ", last}};
  }

 private:
  Script script_;
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  bool gated_ = false;
  int permits_ = 0;
  std::vector<gen::GenerationRequest> started_;
  int running_ = 0, max_running_ = 0, cancelled_ = 0;
  std::map<std::string, int> running_by_model_, max_by_model_;
};

// Collects callback values; wait() is bounded.
template <typename T>
class Collector {
 public:
  std::function<void(T)> callback() {
    return [this](T value) {
      std::lock_guard lock(mutex_);
      values_.push_back(std::move(value));
      cv_.notify_all();
    };
  }
  [[nodiscard]] bool wait(std::size_t n, std::chrono::milliseconds limit = std::chrono::seconds(10)) {
    std::unique_lock lock(mutex_);
    return cv_.wait_for(lock, limit, [&] { return values_.size() >= n; });
  }
  [[nodiscard]] std::vector<T> values() const {
    std::lock_guard lock(mutex_);
    return values_;
  }
  [[nodiscard]] std::size_t size() const {
    std::lock_guard lock(mutex_);
    return values_.size();
  }

 private:
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  std::vector<T> values_;
};

}  // namespace cc::testing
