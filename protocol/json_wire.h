#pragma once
// Serialisation at the wire boundary. File text, compiler messages and model output may be
// invalid UTF-8: nlohmann's dump() throws on it by default, so every byte that leaves the
// process goes through here and invalid sequences become U+FFFD.
#include <string>

#include <nlohmann/json.hpp>

namespace cc::protocol {

inline std::string dump_wire(const nlohmann::json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace cc::protocol
