#pragma once
// Serialisation at the wire boundary. File text, compiler messages and model output may be
// invalid UTF-8: nlohmann's dump() throws on it by default, so every byte that leaves the
// process goes through here and invalid sequences become U+FFFD.
#include <cstddef>
#include <string>

#include <nlohmann/json.hpp>

namespace cc::protocol {

inline std::string dump_wire(const nlohmann::json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// For logs and traces: at most `max_bytes` (then "…"), containers deeper than `max_depth`
// shown as […] / {…}. Never recurses deeper than max_depth, whatever the value holds, and
// never copies a large string whole.
inline constexpr std::size_t kLogDumpBytes = 64 * 1024;
inline constexpr std::size_t kLogDumpDepth = 16;
std::string dump_for_log(const nlohmann::json& j, std::size_t max_bytes = kLogDumpBytes,
                         std::size_t max_depth = kLogDumpDepth);

}  // namespace cc::protocol
