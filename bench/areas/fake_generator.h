#pragma once
// An in-process Generator for the bench areas: answers at once (or after a fixed delay) with a
// deterministic text derived from the prompt, streamed as a few tokens.
//
// Thread-safety: generate() may run concurrently; calls() is atomic.
#include <atomic>
#include <chrono>
#include <string>
#include <thread>

#include "generation/types.h"

namespace cc::server::bench {

class FakeGenerator final : public gen::Generator {
 public:
  explicit FakeGenerator(std::chrono::microseconds latency = {}) : latency_(latency) {}

  gen::GenerationResult generate(const gen::GenerationRequest& request, const gen::TokenCallback& on_token,
                                 const CancelToken&) override {
    calls_.fetch_add(1, std::memory_order_relaxed);
    if (latency_.count() > 0) std::this_thread::sleep_for(latency_);
    std::string last = request.messages.empty() ? request.prompt.value_or("") : request.messages.back().content;
    gen::GenerationResult r;
    r.text = "```python\n# answer to: " + last.substr(0, 64) + "\nreturn value\n```\n";
    if (on_token)
      for (std::size_t i = 0; i < r.text.size(); i += 16) on_token(std::string_view(r.text).substr(i, 16));
    r.finish_reason = "stop";
    r.backend = "fake";
    r.endpoint = "fake";
    r.model = "fake";
    r.completion_tokens = static_cast<int>(r.text.size() / 4);
    return r;
  }

  [[nodiscard]] std::size_t calls() const { return calls_.load(); }

 private:
  std::chrono::microseconds latency_;
  std::atomic<std::size_t> calls_{0};
};

}  // namespace cc::server::bench
