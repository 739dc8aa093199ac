#include "protocol/json_input.h"

#include <algorithm>

#include "protocol/utf8.h"

namespace cc::protocol {

namespace {

using json = nlohmann::json;

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The code unit of a `\uXXXX` escape starting at s[i] (the backslash), or -1.
int escaped_unit(std::string_view s, std::size_t i) {
  if (i + 6 > s.size() || s[i] != '\\' || s[i + 1] != 'u') return -1;
  int v = 0;
  for (std::size_t k = 2; k < 6; ++k) {
    int d = hex_digit(s[i + k]);
    if (d < 0) return -1;
    v = v * 16 + d;
  }
  return v;
}

// One pass over the text: the deepest nesting outside strings, and a repaired copy when a
// string holds something nlohmann rejects but a client may legitimately have sent.
class Scanner {
 public:
  Scanner(std::string_view text, const JsonInputOptions& options) : t_(text), options_(options) {}

  // False when the nesting passes the cap (scanning stops there).
  bool run() {
    const std::size_t n = t_.size();
    std::size_t depth = 0;
    for (std::size_t i = 0; i < n;) {
      char c = t_[i];
      if (c == '"') {
        i = string_end(i + 1);
      } else if (c == '[' || c == '{') {
        if (++depth > options_.max_depth) return false;
        ++i;
      } else if (c == ']' || c == '}') {
        if (depth > 0) --depth;
        ++i;
      } else if (options_.comments && c == '/' && i + 1 < n && (t_[i + 1] == '/' || t_[i + 1] == '*')) {
        i = comment_end(i);
      } else {
        ++i;
      }
    }
    return true;
  }

  [[nodiscard]] std::size_t repaired() const { return repaired_; }
  // The text to parse: the original, or the repaired copy.
  [[nodiscard]] std::string_view text() {
    if (repaired_ == 0) return t_;
    out_.append(t_.substr(copied_));
    copied_ = t_.size();
    return out_;
  }

 private:
  // Index after the closing quote of the string whose content starts at i.
  std::size_t string_end(std::size_t i) {
    const std::size_t n = t_.size();
    while (i < n) {
      auto b = static_cast<unsigned char>(t_[i]);
      if (b == '"') return i + 1;
      if (b == '\\') {
        i = escape_end(i);
      } else if (b < 0x20) {
        static constexpr char kHex[] = "0123456789abcdef";
        replace(i, i + 1, std::string("\\u00") + kHex[b >> 4] + kHex[b & 15]);
        ++i;
      } else if (b < 0x80) {
        ++i;
      } else if (std::size_t len = utf8_sequence_length(t_, i); len > 0) {
        i += len;
      } else {
        replace(i, i + 1, "\xEF\xBF\xBD");
        ++i;
      }
    }
    return n;
  }

  // Index after the escape at i (a backslash). Lone surrogates become \uFFFD; a pair stays.
  std::size_t escape_end(std::size_t i) {
    int unit = escaped_unit(t_, i);
    if (unit < 0) return std::min(i + 2, t_.size());  // the parser judges other escapes
    if (unit >= 0xD800 && unit <= 0xDBFF) {
      int low = escaped_unit(t_, i + 6);
      if (low >= 0xDC00 && low <= 0xDFFF) return i + 12;
      replace(i, i + 6, "\\uFFFD");
    } else if (unit >= 0xDC00 && unit <= 0xDFFF) {
      replace(i, i + 6, "\\uFFFD");
    }
    return i + 6;
  }

  std::size_t comment_end(std::size_t i) {
    if (t_[i + 1] == '/') {
      std::size_t e = t_.find_first_of("\r\n", i + 2);
      return e == std::string_view::npos ? t_.size() : e;
    }
    std::size_t e = t_.find("*/", i + 2);
    return e == std::string_view::npos ? t_.size() : e + 2;
  }

  void replace(std::size_t begin, std::size_t end, std::string_view with) {
    if (repaired_++ == 0) out_.reserve(t_.size() + 16);
    out_.append(t_.substr(copied_, begin - copied_));
    out_.append(with);
    copied_ = end;
  }

  std::string_view t_;
  const JsonInputOptions& options_;
  std::string out_;
  std::size_t copied_ = 0;
  std::size_t repaired_ = 0;
};

json parse_shallow(std::string_view text, bool comments) {
  // The callback parser drops a container it is told not to keep, and everything inside it,
  // without recursing (nlohmann's parser keeps its own stack).
  json::parser_callback_t keep_top_levels = [](int depth, json::parse_event_t event, json&) {
    if (event == json::parse_event_t::object_start || event == json::parse_event_t::array_start)
      return depth < static_cast<int>(kShallowDepth);
    return true;
  };
  return json::parse(text, keep_top_levels, /*allow_exceptions=*/false, comments);
}

}  // namespace

JsonInput parse_untrusted_json(std::string_view text, const JsonInputOptions& options) {
  JsonInput in;
  Scanner scanner(text, options);
  if (!scanner.run()) {
    in.too_deep = true;
    in.error = "nests deeper than " + std::to_string(options.max_depth) + " levels";
    // The repair pass stopped at the cap; repair the rest before the shallow parse.
    JsonInputOptions unbounded = options;
    unbounded.max_depth = static_cast<std::size_t>(-1);
    Scanner whole(text, unbounded);
    whole.run();
    in.repaired = whole.repaired();
    in.value = parse_shallow(whole.text(), options.comments);
    return in;
  }
  in.repaired = scanner.repaired();
  try {
    in.value = json::parse(scanner.text(), nullptr, /*allow_exceptions=*/true, options.comments);
  } catch (const json::exception& e) {  // parse_error, or out_of_range for a number past double
    in.value = json(json::value_t::discarded);
    in.error = e.what();
  }
  return in;
}

}  // namespace cc::protocol
