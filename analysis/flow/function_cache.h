#pragma once
// The data-flow engine's verdicts per function, remembered across analyses of the same
// document: after a keystroke only the edited function is interpreted again; the others reuse
// what they found (findings, the path their data took, the sinks judged), moved to where the
// function now sits. Used by the editor (analysis of open documents); a workspace scan sees
// each file once and passes no cache.
//
// A verdict is keyed by the function's own text (parameters to the end of the body), the
// language, whether a framework calls it as a route, and the names of all functions of the
// document (a call that now reaches a new function of the same file must be interpreted
// again). Only verdicts that are complete and came from the function alone are kept: one that
// inlined a helper of the same file, or ran out of time, is never stored.
//
// Thread-safe; least recently used entries go first (capacity in entries).
#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <utility>
#include <vector>

#include "analysis/flow/engine.h"

namespace cc::analysis::flow {

// Offsets are relative to the function's first byte and lines to its first line.
struct FunctionVerdict {
  std::vector<FlowFinding> findings;
  std::vector<std::pair<int, Family>> visited;
};

class FunctionCache {
 public:
  explicit FunctionCache(std::size_t capacity = 8192) : capacity_(capacity) {}

  std::shared_ptr<const FunctionVerdict> find(std::uint64_t key);
  void store(std::uint64_t key, std::shared_ptr<const FunctionVerdict> verdict);

  std::size_t size() const;
  std::uint64_t hits() const;
  std::uint64_t misses() const;

 private:
  using Order = std::list<std::uint64_t>;
  struct Entry {
    std::shared_ptr<const FunctionVerdict> verdict;
    Order::iterator position;
  };
  const std::size_t capacity_;
  mutable std::mutex mutex_;
  Order order_;  // most recently used first
  std::unordered_map<std::uint64_t, Entry> entries_;
  std::uint64_t hits_ = 0, misses_ = 0;
};

}  // namespace cc::analysis::flow
