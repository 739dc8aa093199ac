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

// Index after the string whose opening quote is at i (escapes honoured; unterminated: the end).
std::size_t skip_string(std::string_view t, std::size_t i) {
  for (++i; i < t.size(); ++i) {
    if (t[i] == '\\') ++i;
    else if (t[i] == '"') return i + 1;
  }
  return t.size();
}

std::size_t skip_comment(std::string_view t, std::size_t i) {
  if (t[i + 1] == '/') {
    std::size_t e = t.find_first_of("\r\n", i + 2);
    return e == std::string_view::npos ? t.size() : e;
  }
  std::size_t e = t.find("*/", i + 2);
  return e == std::string_view::npos ? t.size() : e + 2;
}

bool comment_at(std::string_view t, std::size_t i, bool comments) {
  return comments && t[i] == '/' && i + 1 < t.size() && (t[i + 1] == '/' || t[i + 1] == '*');
}

// Bytes a scan steps over without a decision: inside a string, printable ASCII but the quote
// and the backslash; outside, everything but quotes, brackets and the slash of a comment.
struct ByteClasses {
  bool plain_in_string[256] = {};
  bool plain_outside[256] = {};
  constexpr ByteClasses() {
    for (int c = 0x20; c < 0x80; ++c) plain_in_string[c] = c != '"' && c != '\\';
    for (int c = 0; c < 256; ++c)
      plain_outside[c] = c != '"' && c != '[' && c != '{' && c != ']' && c != '}' && c != '/';
  }
};
inline constexpr ByteClasses kBytes{};

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
      while (i < n && kBytes.plain_outside[static_cast<unsigned char>(t_[i])]) ++i;
      if (i >= n) break;
      char c = t_[i];
      if (c == '"') {
        i = string_end(i + 1);
      } else if (c == '[' || c == '{') {
        if (++depth > options_.max_depth) return false;
        ++i;
      } else if (c == ']' || c == '}') {
        if (depth > 0) --depth;
        ++i;
      } else if (comment_at(t_, i, options_.comments)) {
        i = skip_comment(t_, i);
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
      while (i < n && kBytes.plain_in_string[static_cast<unsigned char>(t_[i])]) ++i;
      if (i >= n) break;
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

// `t` with every container below the first `keep` levels replaced by null. What is left
// parses into a shallow value; memory and time stay linear in the text whatever its depth
// (a parser, even nlohmann's iterative one, keeps a stack entry per open level).
std::string flatten_below(std::string_view t, std::size_t keep, bool comments) {
  std::string out;
  std::size_t depth = 0;
  for (std::size_t i = 0; i < t.size();) {
    const char c = t[i];
    if (c == '"') {
      const std::size_t e = skip_string(t, i);
      out.append(t.substr(i, e - i));
      i = e;
    } else if (comment_at(t, i, comments)) {
      i = skip_comment(t, i);
    } else if ((c == '[' || c == '{') && depth == keep) {
      std::size_t open = 0;  // skip the whole container: only a count, no stack
      for (; i < t.size(); ++i) {
        if (t[i] == '"') i = skip_string(t, i) - 1;
        else if (comment_at(t, i, comments)) i = skip_comment(t, i) - 1;
        else if (t[i] == '[' || t[i] == '{') ++open;
        else if ((t[i] == ']' || t[i] == '}') && --open == 0) break;
      }
      i = std::min(i + 1, t.size());
      out += "null";
    } else {
      if (c == '[' || c == '{') ++depth;
      if ((c == ']' || c == '}') && depth > 0) --depth;
      out += c;
      ++i;
    }
  }
  return out;
}

}  // namespace

JsonInput parse_untrusted_json(std::string_view text, const JsonInputOptions& options) {
  JsonInput in;
  Scanner scanner(text, options);
  if (!scanner.run()) {
    in.too_deep = true;
    in.error = "nests deeper than " + std::to_string(options.max_depth) + " levels";
    auto top = parse_untrusted_json(flatten_below(text, kShallowDepth, options.comments), options);
    in.value = std::move(top.value);  // discarded when the text is not JSON either
    in.repaired = top.repaired;
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
