#include "protocol/json_wire.h"

#include <algorithm>
#include <string_view>

namespace cc::protocol {

namespace {

using json = nlohmann::json;

class LogWriter {
 public:
  LogWriter(std::size_t max_bytes, std::size_t max_depth) : max_bytes_(max_bytes), max_depth_(max_depth) {}

  void write(const json& v, std::size_t depth) {
    if (full()) return;
    switch (v.type()) {
      case json::value_t::object: {
        if (depth >= max_depth_) return append(v.empty() ? "{}" : "{…}");
        append("{");
        bool first = true;
        for (auto it = v.begin(); it != v.end() && !full(); ++it) {
          if (!first) append(",");
          first = false;
          string(it.key());
          append(":");
          write(it.value(), depth + 1);
        }
        return append("}");
      }
      case json::value_t::array: {
        if (depth >= max_depth_) return append(v.empty() ? "[]" : "[…]");
        append("[");
        bool first = true;
        for (auto it = v.begin(); it != v.end() && !full(); ++it) {
          if (!first) append(",");
          first = false;
          write(*it, depth + 1);
        }
        return append("]");
      }
      case json::value_t::string: return string(v.get_ref<const std::string&>());
      default: return append(v.dump());
    }
  }

  std::string take() {
    if (out_.size() > max_bytes_) {
      out_.resize(max_bytes_);
      out_ += "…";
    }
    return std::move(out_);
  }

 private:
  [[nodiscard]] bool full() const { return out_.size() > max_bytes_; }
  void append(std::string_view s) { out_.append(s); }
  void string(std::string_view s) {
    const std::size_t room = max_bytes_ - std::min(max_bytes_, out_.size()) + 1;
    append(dump_wire(json(std::string(s.substr(0, room)))));
  }

  std::size_t max_bytes_;
  std::size_t max_depth_;
  std::string out_;
};

}  // namespace

std::string dump_for_log(const json& j, std::size_t max_bytes, std::size_t max_depth) {
  LogWriter w(max_bytes, max_depth);
  w.write(j, 0);
  return w.take();
}

}  // namespace cc::protocol
