#include "generation/scheduler/scheduler.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

#include <spdlog/spdlog.h>

#include "generation/latency_stats.h"

namespace cc::gen {

using SteadyClock = std::chrono::steady_clock;

GenerationResult make_error_result(ErrorKind kind, std::string message) {
  GenerationResult r;
  r.error = kind;
  r.error_message = std::move(message);
  r.finish_reason = kind == ErrorKind::Cancelled ? "cancelled" : "error";
  return r;
}

namespace {

struct Flight;

struct Waiter {
  TokenCallback on_token;
  DoneCallback on_done;
  std::mutex call_mutex;  // serialises this waiter's callbacks
  bool finished = false;  // guarded by call_mutex
  std::size_t delivered = 0;  // bytes of the flight's stream already given; only the running worker touches it
  // Both guarded by Core::mutex. The cancel hook is registered before the waiter is attached
  // to a flight, so a cancel can never slip between "visible to workers" and "hooked".
  std::weak_ptr<Flight> flight;
  bool cancel_requested = false;
};

enum class FlightState { Queued, Ready, Running, Done };

struct Flight {
  std::uint64_t id = 0;
  std::string key;
  GenerationRequest request;
  std::string endpoint;
  SteadyClock::time_point enqueued;
  std::vector<std::shared_ptr<Waiter>> waiters;  // guarded by Core::mutex
  FlightState state = FlightState::Queued;       // guarded by Core::mutex
  std::uint64_t batch = 0;                       // background batch id once released
  CancelSource cancel;
  std::string streamed;  // only the running worker touches it
};

// Delivers a final result to one waiter unless it already finished.
// A throwing callback is a caller bug; it must not take a worker thread down with it.
void finish_waiter(Waiter& w, GenerationResult result) {
  std::lock_guard lock(w.call_mutex);
  if (w.finished) return;
  w.finished = true;
  try {
    if (w.on_done) w.on_done(std::move(result));
  } catch (const std::exception& e) {
    spdlog::error("scheduler: on_done callback threw: {}", e.what());
  } catch (...) {
    spdlog::error("scheduler: on_done callback threw");
  }
}

}  // namespace

struct Scheduler::Core : std::enable_shared_from_this<Scheduler::Core> {
  SchedulerConfig config;
  std::shared_ptr<Generator> generator;
  EndpointResolver resolver;

  mutable std::mutex mutex;
  std::condition_variable work_cv;
  std::deque<std::shared_ptr<Flight>> interactive, normal;  // guarded by mutex
  std::deque<std::shared_ptr<Flight>> background_pending;   // waiting for the batching window
  std::deque<std::shared_ptr<Flight>> background_ready;     // released batches
  std::unordered_map<std::string, std::shared_ptr<Flight>> by_key;
  std::unordered_map<std::string, std::size_t> running_per_endpoint;
  std::unordered_map<std::uint64_t, std::size_t> batch_remaining;
  std::vector<std::shared_ptr<Flight>> running;
  std::size_t batches_in_flight = 0;
  std::uint64_t next_id = 1;
  std::uint64_t next_batch = 1;
  bool stopping = false;
  // Counters (guarded by mutex).
  std::uint64_t submitted = 0, rejected = 0, cancelled = 0, joined = 0, promoted = 0, completed = 0, batches = 0;

  std::mutex notify_mutex;
  std::condition_variable notify_cv;
  std::deque<std::function<void()>> notifications;  // guarded by notify_mutex
  bool notifier_stopping = false;                    // guarded by notify_mutex
  bool notifier_stopped = false;                     // guarded by notify_mutex

  LatencyStats waits[3];
  std::vector<std::thread> workers;
  std::thread notifier;

  std::size_t limit_for(const std::string& endpoint) const {
    if (!resolver) return std::max<std::size_t>(1, config.workers);
    auto it = config.endpoint_limits.find(endpoint);
    return std::max<std::size_t>(1, it != config.endpoint_limits.end() ? it->second : config.default_max_concurrent);
  }

  std::size_t queued_locked() const {
    return interactive.size() + normal.size() + background_pending.size() + background_ready.size();
  }

  void post(std::function<void()> fn) {
    {
      std::lock_guard lock(notify_mutex);
      if (!notifier_stopped) {
        notifications.push_back(std::move(fn));
        notify_cv.notify_one();
        return;
      }
    }
    fn();
  }

  void notifier_main() {
    std::unique_lock lock(notify_mutex);
    for (;;) {
      notify_cv.wait(lock, [&] { return !notifications.empty() || notifier_stopping; });
      if (notifications.empty()) break;
      auto fn = std::move(notifications.front());
      notifications.pop_front();
      lock.unlock();
      try {
        fn();
      } catch (const std::exception& e) {
        spdlog::error("scheduler: completion callback threw: {}", e.what());
      }
      lock.lock();
    }
    notifier_stopped = true;
  }

  std::deque<std::shared_ptr<Flight>>& queue_for(Priority p) {
    switch (p) {
      case Priority::Interactive: return interactive;
      case Priority::Normal: return normal;
      case Priority::Background: return background_pending;
    }
    return normal;
  }

  void submit(ScheduledRequest req) {
    auto waiter = std::make_shared<Waiter>();
    waiter->on_token = std::move(req.on_token);
    waiter->on_done = std::move(req.on_done);
    // Hook first (it runs inline for an already-cancelled token): see Waiter::cancel_requested.
    std::weak_ptr<Core> weak_core = weak_from_this();
    std::weak_ptr<Waiter> weak_waiter = waiter;
    req.cancel.on_cancel([weak_core, weak_waiter] {
      auto core = weak_core.lock();
      auto w = weak_waiter.lock();
      if (core && w) core->cancel_waiter(w);
    });
    std::optional<GenerationResult> rejection;
    {
      std::lock_guard lock(mutex);
      ++submitted;
      std::shared_ptr<Flight> flight;
      if (waiter->cancel_requested) {
        ++cancelled;
        rejection = make_error_result(ErrorKind::Cancelled, "cancelled before it was queued");
      } else if (stopping) {
        rejection = make_error_result(ErrorKind::Cancelled, "generation engine is shutting down");
      } else if (!req.flight_key.empty()) {
        if (auto it = by_key.find(req.flight_key); it != by_key.end()) {
          flight = it->second;
          flight->waiters.push_back(waiter);
          waiter->flight = flight;
          ++joined;
          promote_locked(flight, req.request.priority);
        }
      }
      if (!flight && !rejection) {
        if (queued_locked() >= config.max_queue) {
          ++rejected;
          rejection = make_error_result(
              ErrorKind::QueueFull, "generation queue is full (" + std::to_string(config.max_queue) +
                                        " requests waiting); try again later or raise generation.scheduler.maxQueue");
        } else {
          flight = std::make_shared<Flight>();
          flight->id = next_id++;
          flight->key = req.flight_key;
          flight->endpoint = resolver ? resolver(req.request) : std::string();
          flight->enqueued = SteadyClock::now();
          flight->waiters.push_back(waiter);
          waiter->flight = flight;
          auto priority = req.request.priority;
          flight->request = std::move(req.request);
          if (!flight->key.empty()) by_key[flight->key] = flight;
          queue_for(priority).push_back(flight);
          work_cv.notify_all();
        }
      }
    }
    if (rejection) post([waiter, r = std::move(*rejection)]() mutable { finish_waiter(*waiter, std::move(r)); });
  }

  // A waiter that joins a flight still waiting to run lifts it to the waiter's priority:
  // an interactive request must not wait behind background work because the same prompt was
  // first asked in the background. The flight keeps its place by arrival time.
  void promote_locked(const std::shared_ptr<Flight>& flight, Priority priority) {
    const Priority current = flight->request.priority;
    if (static_cast<int>(priority) >= static_cast<int>(current)) return;  // not more urgent
    if (flight->state != FlightState::Queued && flight->state != FlightState::Ready) return;
    if (flight->state == FlightState::Ready) {  // released with a background batch
      erase_from(background_ready, flight);
      batch_item_done_locked(flight->batch);
      flight->batch = 0;
      flight->state = FlightState::Queued;
    } else {
      erase_from(queue_for(current), flight);
    }
    flight->request.priority = priority;
    auto& target = queue_for(priority);
    auto at = std::upper_bound(target.begin(), target.end(), flight->enqueued,
                               [](SteadyClock::time_point t, const std::shared_ptr<Flight>& f) { return t < f->enqueued; });
    target.insert(at, flight);
    ++promoted;
    work_cv.notify_all();
  }

  bool erase_from(std::deque<std::shared_ptr<Flight>>& q, const std::shared_ptr<Flight>& f) {
    auto it = std::find(q.begin(), q.end(), f);
    if (it == q.end()) return false;
    q.erase(it);
    return true;
  }

  void batch_item_done_locked(std::uint64_t batch) {
    if (batch == 0) return;
    auto it = batch_remaining.find(batch);
    if (it == batch_remaining.end()) return;
    if (--it->second == 0) {
      batch_remaining.erase(it);
      --batches_in_flight;
      work_cv.notify_all();
    }
  }

  void cancel_waiter(const std::shared_ptr<Waiter>& waiter) {
    bool cancel_running = false;
    bool was_queued = false;
    std::shared_ptr<Flight> flight;
    {
      std::lock_guard lock(mutex);
      flight = waiter->flight.lock();
      if (!flight) {
        waiter->cancel_requested = true;  // not attached yet: submit() rejects it
        return;
      }
      if (flight->state == FlightState::Done) return;  // the result is already on its way
      auto it = std::find(flight->waiters.begin(), flight->waiters.end(), waiter);
      if (it == flight->waiters.end()) return;
      flight->waiters.erase(it);
      ++cancelled;
      if (flight->waiters.empty()) {
        if (flight->state == FlightState::Running) {
          cancel_running = true;
        } else {
          was_queued = true;
          erase_from(interactive, flight) || erase_from(normal, flight) || erase_from(background_pending, flight) ||
              erase_from(background_ready, flight);
          if (flight->state == FlightState::Ready) batch_item_done_locked(flight->batch);
          flight->state = FlightState::Done;
          if (!flight->key.empty()) {
            auto k = by_key.find(flight->key);
            if (k != by_key.end() && k->second == flight) by_key.erase(k);
          }
          work_cv.notify_all();
        }
      }
    }
    if (cancel_running) flight->cancel.cancel();
    post([waiter, was_queued] {
      finish_waiter(*waiter, make_error_result(ErrorKind::Cancelled, was_queued ? "cancelled while queued" : "cancelled"));
    });
  }

  // Releases background batches whose window closed. Returns the next deadline, if any.
  std::optional<SteadyClock::time_point> release_batches_locked(SteadyClock::time_point now) {
    while (!background_pending.empty() && batches_in_flight < config.max_batches_in_flight) {
      bool full = background_pending.size() >= std::max<std::size_t>(1, config.batch_max);
      bool window_closed = now >= background_pending.front()->enqueued + config.batch_window;
      if (!full && !window_closed && !stopping) break;
      std::size_t n = std::min(background_pending.size(), std::max<std::size_t>(1, config.batch_max));
      std::uint64_t id = next_batch++;
      for (std::size_t i = 0; i < n; ++i) {
        auto f = background_pending.front();
        background_pending.pop_front();
        f->state = FlightState::Ready;
        f->batch = id;
        background_ready.push_back(std::move(f));
      }
      batch_remaining[id] = n;
      ++batches_in_flight;
      ++batches;
    }
    if (!background_pending.empty() && batches_in_flight < config.max_batches_in_flight)
      return background_pending.front()->enqueued + config.batch_window;
    return std::nullopt;
  }

  std::shared_ptr<Flight> take_runnable_locked() {
    for (auto* q : {&interactive, &normal, &background_ready}) {
      for (auto it = q->begin(); it != q->end(); ++it) {
        const auto& f = *it;
        if (running_per_endpoint[f->endpoint] >= limit_for(f->endpoint)) continue;
        auto flight = f;
        q->erase(it);
        return flight;
      }
    }
    return nullptr;
  }

  void worker_main() {
    std::unique_lock lock(mutex);
    for (;;) {
      auto deadline = release_batches_locked(SteadyClock::now());
      auto flight = take_runnable_locked();
      if (!flight) {
        if (stopping && queued_locked() == 0) return;
        if (stopping) {
          // Shutdown drains the queues itself; nothing runnable remains for us.
          return;
        }
        if (deadline) work_cv.wait_until(lock, *deadline);
        else work_cv.wait(lock);
        continue;
      }
      flight->state = FlightState::Running;
      ++running_per_endpoint[flight->endpoint];
      running.push_back(flight);
      auto waited = SteadyClock::now() - flight->enqueued;
      lock.unlock();
      waits[static_cast<int>(flight->request.priority)].record(std::chrono::duration<double, std::milli>(waited).count());
      run(*flight);
      lock.lock();
      --running_per_endpoint[flight->endpoint];
      running.erase(std::find(running.begin(), running.end(), flight));
      batch_item_done_locked(flight->batch);
    }
  }

  std::vector<std::shared_ptr<Waiter>> waiters_of(Flight& flight) {
    std::lock_guard lock(mutex);
    return flight.waiters;
  }

  // Gives each waiter the part of the stream it has not seen yet (late joiners catch up).
  void deliver_stream(Flight& flight) {
    for (auto& w : waiters_of(flight)) {
      if (w->delivered >= flight.streamed.size()) continue;
      std::lock_guard call(w->call_mutex);
      if (!w->finished && w->on_token) {
        try {
          w->on_token(std::string_view(flight.streamed).substr(w->delivered));
        } catch (...) {
          spdlog::error("scheduler: on_token callback threw; token dropped for that caller");
        }
      }
      w->delivered = flight.streamed.size();
    }
  }

  void run(Flight& flight) {
    GenerationResult result;
    if (flight.cancel.cancelled()) {
      result = make_error_result(ErrorKind::Cancelled, "cancelled");
    } else {
      TokenCallback emit = [&](std::string_view token) {
        flight.streamed.append(token);
        deliver_stream(flight);
      };
      try {
        result = generator->generate(flight.request, emit, flight.cancel.token());
      } catch (const std::exception& e) {
        result = make_error_result(ErrorKind::Protocol, std::string("generator failed: ") + e.what());
      }
    }
    std::vector<std::shared_ptr<Waiter>> waiters;
    {
      std::lock_guard lock(mutex);
      flight.state = FlightState::Done;
      ++completed;  // before the callbacks, so a waiter that was just answered sees it counted
      if (!flight.key.empty()) {
        auto k = by_key.find(flight.key);
        if (k != by_key.end() && k->second.get() == &flight) by_key.erase(k);
      }
      waiters = flight.waiters;
    }
    if (result.ok()) deliver_stream(flight);  // joiners that arrived after the last token
    for (auto& w : waiters) finish_waiter(*w, result);
  }

  void shutdown() {
    std::vector<std::shared_ptr<Flight>> dropped;
    std::vector<std::shared_ptr<Flight>> to_cancel;
    {
      std::lock_guard lock(mutex);
      if (stopping && workers.empty()) return;
      stopping = true;
      for (auto* q : {&interactive, &normal, &background_pending, &background_ready}) {
        for (auto& f : *q) {
          f->state = FlightState::Done;
          dropped.push_back(f);
        }
        q->clear();
      }
      by_key.clear();
      to_cancel = running;
      work_cv.notify_all();
    }
    for (auto& f : dropped)
      for (auto& w : f->waiters)
        post([w] { finish_waiter(*w, make_error_result(ErrorKind::Cancelled, "generation engine is shutting down")); });
    for (auto& f : to_cancel) f->cancel.cancel();
    for (auto& t : workers)
      if (t.joinable()) t.join();
    workers.clear();
    {
      std::lock_guard lock(notify_mutex);
      notifier_stopping = true;
      notify_cv.notify_all();
    }
    if (notifier.joinable()) notifier.join();
  }
};

Scheduler::Scheduler(SchedulerConfig config, std::shared_ptr<Generator> generator, EndpointResolver resolver)
    : core_(std::make_shared<Core>()) {
  core_->config = std::move(config);
  core_->generator = std::move(generator);
  core_->resolver = std::move(resolver);
  std::size_t n = std::max<std::size_t>(1, core_->config.workers);
  core_->notifier = std::thread([c = core_.get()] { c->notifier_main(); });
  for (std::size_t i = 0; i < n; ++i) core_->workers.emplace_back([c = core_.get()] { c->worker_main(); });
}

Scheduler::~Scheduler() { shutdown(); }

void Scheduler::submit(ScheduledRequest request) { core_->submit(std::move(request)); }

void Scheduler::post(std::function<void()> fn) { core_->post(std::move(fn)); }

void Scheduler::shutdown() { core_->shutdown(); }

nlohmann::json Scheduler::status() const {
  std::lock_guard lock(core_->mutex);
  nlohmann::json endpoints = nlohmann::json::object();
  for (const auto& [name, n] : core_->running_per_endpoint)
    endpoints[name.empty() ? "*" : name] = {{"running", n}, {"limit", core_->limit_for(name)}};
  return {{"interactive", core_->interactive.size()},
          {"normal", core_->normal.size()},
          {"background", core_->background_pending.size() + core_->background_ready.size()},
          {"running", core_->running.size()},
          {"maxQueue", core_->config.max_queue},
          {"batchesInFlight", core_->batches_in_flight},
          {"endpoints", std::move(endpoints)}};
}

nlohmann::json Scheduler::metrics() const {
  nlohmann::json out;
  {
    std::lock_guard lock(core_->mutex);
    out = {{"submitted", core_->submitted}, {"completed", core_->completed}, {"rejected", core_->rejected},
           {"cancelled", core_->cancelled}, {"singleFlightJoins", core_->joined},
           {"promotedByJoin", core_->promoted}, {"batches", core_->batches}};
  }
  out["waits"] = {{"interactive", core_->waits[0].summary()},
                  {"normal", core_->waits[1].summary()},
                  {"background", core_->waits[2].summary()}};
  return out;
}

}  // namespace cc::gen
