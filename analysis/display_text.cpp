#include "analysis/display_text.h"

#include <cstdint>
#include <cstdio>

namespace cc::analysis {
namespace {

// Length of the valid UTF-8 sequence at text[i] with its code point in `cp`; 0 when the
// bytes there are not one (overlong forms, surrogates and values past U+10FFFF included).
std::size_t utf8_sequence(std::string_view text, std::size_t i, std::uint32_t& cp) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  if (lead < 0x80) {
    cp = lead;
    return 1;
  }
  std::size_t len = 0;
  std::uint32_t min = 0;
  if ((lead & 0xE0) == 0xC0) len = 2, cp = lead & 0x1Fu, min = 0x80;
  else if ((lead & 0xF0) == 0xE0) len = 3, cp = lead & 0x0Fu, min = 0x800;
  else if ((lead & 0xF8) == 0xF0) len = 4, cp = lead & 0x07u, min = 0x10000;
  else return 0;
  if (i + len > text.size()) return 0;
  for (std::size_t k = 1; k < len; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (byte(i + k) & 0x3Fu);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return len;
}

// Characters that change how the text around them is shown without showing themselves.
bool invisible_control(std::uint32_t cp) {
  return cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) ||
         cp == 0x2028 || cp == 0x2029 || cp == 0x061C || cp == 0xFEFF;
}

void append_hex_byte(std::string& out, unsigned char c) {
  static const char* hex = "0123456789abcdef";
  out += "\\x";
  out.push_back(hex[c >> 4]);
  out.push_back(hex[c & 15]);
}

}  // namespace

std::string escape_for_display(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    std::uint32_t cp = 0;
    std::size_t len = utf8_sequence(text, i, cp);
    if (len == 0) {  // not UTF-8: the byte itself, visibly
      append_hex_byte(out, static_cast<unsigned char>(text[i]));
      ++i;
      continue;
    }
    if (cp == '\\') out += "\\\\";
    else if (cp == '\n') out += "\\n";
    else if (cp == '\r') out += "\\r";
    else if (cp == '\t') out += "\\t";
    else if (cp < 0x20 || cp == 0x7F) append_hex_byte(out, static_cast<unsigned char>(cp));
    else if (cp >= 0x80 && cp <= 0x9F) {  // C1 controls (CSI is U+009B): their UTF-8 bytes
      for (std::size_t k = 0; k < len; ++k) append_hex_byte(out, static_cast<unsigned char>(text[i + k]));
    } else if (invisible_control(cp)) {
      char buf[16];
      std::snprintf(buf, sizeof buf, "\\u{%04X}", static_cast<unsigned>(cp));
      out += buf;
    } else {
      out.append(text.substr(i, len));
    }
    i += len;
  }
  return out;
}

std::string escape_path_for_line(std::string_view path) {
  std::string out = escape_for_display(path);
  if (!out.empty() && (out.front() == ':' || out.front() == '#')) out.insert(0, "./");
  return out;
}

bool is_valid_utf8(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    std::uint32_t cp = 0;
    std::size_t len = utf8_sequence(text, i, cp);
    if (len == 0) return false;
    i += len;
  }
  return true;
}

std::string to_valid_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    std::uint32_t cp = 0;
    std::size_t len = utf8_sequence(text, i, cp);
    if (len == 0) {
      out += "\xEF\xBF\xBD";  // U+FFFD
      ++i;
    } else {
      out.append(text.substr(i, len));
      i += len;
    }
  }
  return out;
}

std::string percent_encode_path(std::string_view path) {
  std::string out;
  out.reserve(path.size());
  for (unsigned char c : path) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '/' || c == '-' ||
        c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      static const char* hex = "0123456789ABCDEF";
      out.push_back('%');
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 15]);
    }
  }
  return out;
}

}  // namespace cc::analysis
