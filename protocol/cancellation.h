#pragma once
// Cooperative cancellation shared between the loop thread and workers.
//
// A CancelSource owns the flag; the CancelTokens it hands out are cheap copies that
// workers poll at safe points (`cancelled()`) or hook (`on_cancel`) to abort blocking
// work such as an HTTP read. Thread-safe: cancel() may race with checks and hooks.
#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

namespace cc {

namespace detail {
struct CancelState {
  std::atomic<bool> cancelled{false};
  std::mutex mutex;
  std::vector<std::function<void()>> callbacks;  // guarded by mutex; run once on cancel
};
}  // namespace detail

class CancelToken {
 public:
  CancelToken() = default;  // a token that is never cancelled
  [[nodiscard]] bool cancelled() const {
    return state_ && state_->cancelled.load(std::memory_order_acquire);
  }
  explicit operator bool() const { return cancelled(); }
  // Runs `fn` once when cancelled (immediately, on this thread, if already cancelled).
  // Callbacks run on the cancelling thread: keep them short and thread-safe.
  void on_cancel(std::function<void()> fn) const {
    if (!state_) return;
    {
      std::lock_guard lock(state_->mutex);
      if (!state_->cancelled.load(std::memory_order_acquire)) {
        state_->callbacks.push_back(std::move(fn));
        return;
      }
    }
    fn();
  }

 private:
  friend class CancelSource;
  explicit CancelToken(std::shared_ptr<detail::CancelState> s) : state_(std::move(s)) {}
  std::shared_ptr<detail::CancelState> state_;
};

class CancelSource {
 public:
  CancelSource() : state_(std::make_shared<detail::CancelState>()) {}
  [[nodiscard]] CancelToken token() const { return CancelToken(state_); }
  [[nodiscard]] bool cancelled() const { return state_->cancelled.load(std::memory_order_acquire); }
  void cancel() const {
    std::vector<std::function<void()>> callbacks;
    {
      std::lock_guard lock(state_->mutex);
      if (state_->cancelled.exchange(true, std::memory_order_acq_rel)) return;
      callbacks.swap(state_->callbacks);
    }
    for (auto& fn : callbacks) fn();
  }

 private:
  std::shared_ptr<detail::CancelState> state_;
};

}  // namespace cc
