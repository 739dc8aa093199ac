#include "protocol/positions.h"

#include <algorithm>
#include <cstring>

#include "protocol/utf8.h"

namespace cc::protocol {

std::optional<PositionEncoding> parse_position_encoding(std::string_view name) {
  if (name == "utf-8") return PositionEncoding::Utf8;
  if (name == "utf-16") return PositionEncoding::Utf16;
  if (name == "utf-32") return PositionEncoding::Utf32;
  return std::nullopt;
}

const char* to_string(PositionEncoding encoding) {
  switch (encoding) {
    case PositionEncoding::Utf8: return "utf-8";
    case PositionEncoding::Utf16: return "utf-16";
    case PositionEncoding::Utf32: return "utf-32";
  }
  return "utf-16";
}

namespace {

// Length of the valid UTF-8 sequence at s[i], or 1 for an invalid byte (one unit each).
std::size_t sequence_length(std::string_view s, std::size_t i) {
  std::size_t len = utf8_sequence_length(s, i);
  return len == 0 ? 1 : len;
}

std::size_t units_of(std::size_t seq_len, PositionEncoding encoding) {
  switch (encoding) {
    case PositionEncoding::Utf8: return seq_len;
    case PositionEncoding::Utf16: return seq_len == 4 ? 2 : 1;
    case PositionEncoding::Utf32: return 1;
  }
  return 1;
}

// Units before byte `column` of `line`. Sequences are decoded against the whole line, so a
// column inside a code point counts only the code points before it (it maps to that code
// point's start, matching position_to_offset) rather than its bytes as invalid units.
std::size_t units_before(std::string_view line, std::size_t column, PositionEncoding encoding) {
  std::size_t units = 0;
  for (std::size_t i = 0; i < line.size();) {
    std::size_t len = sequence_length(line, i);
    if (i + len > column) break;
    units += units_of(len, encoding);
    i += len;
  }
  return units;
}

}  // namespace

void append_line_starts(std::string_view text, std::size_t from, std::size_t to, std::vector<std::size_t>& starts) {
  to = std::min(to, text.size());
  if (from >= to) return;
  const char* d = text.data();
  if (!std::memchr(d + from, '\r', to - from)) {  // the common case: memchr from \n to \n
    for (std::size_t k = from; k < to;) {
      const void* nl = std::memchr(d + k, '\n', to - k);
      if (!nl) break;
      k = static_cast<std::size_t>(static_cast<const char*>(nl) - d) + 1;
      starts.push_back(k);
    }
    return;
  }
  for (std::size_t i = from; i < to; ++i) {
    char c = d[i];
    if (c == '\n' || (c == '\r' && (i + 1 >= text.size() || d[i + 1] != '\n'))) starts.push_back(i + 1);
  }
}

LineIndex::LineIndex(std::string_view text) {
  starts_.push_back(0);
  append_line_starts(text, 0, text.size(), starts_);
}

std::size_t LineIndex::content_end(std::string_view text, std::size_t line) const {
  std::size_t end = line + 1 < starts_.size() ? starts_[line + 1] : text.size();
  std::size_t begin = starts_[line];
  if (end > begin && text[end - 1] == '\n') --end;
  if (end > begin && text[end - 1] == '\r') --end;
  return end;
}

std::string_view LineIndex::line_text(std::string_view text, std::size_t line) const {
  return text.substr(starts_[line], content_end(text, line) - starts_[line]);
}

std::size_t LineIndex::line_of(std::size_t offset) const {
  auto it = std::upper_bound(starts_.begin(), starts_.end(), offset);
  return static_cast<std::size_t>(it - starts_.begin()) - 1;
}

void LineIndex::apply_edit(std::string_view text, std::size_t begin, std::size_t old_end, std::size_t inserted) {
  // Old starts at or after old_end + 2 only shift: their terminator and the byte before it
  // lie outside the edit. Everything from the line holding `begin` (one earlier when
  // `begin` starts a line, since a \r before it may now pair with an inserted \n) up to
  // the byte after the edit is rescanned.
  std::size_t first = line_of(begin);
  if (first > 0 && starts_[first] == begin) --first;
  const std::ptrdiff_t delta = static_cast<std::ptrdiff_t>(inserted) - static_cast<std::ptrdiff_t>(old_end - begin);

  std::vector<std::size_t> tail;
  auto keep_from = std::lower_bound(starts_.begin(), starts_.end(), old_end + 2);
  tail.reserve(static_cast<std::size_t>(starts_.end() - keep_from));
  for (auto it = keep_from; it != starts_.end(); ++it) tail.push_back(static_cast<std::size_t>(*it + delta));

  std::size_t scan_from = starts_[first];
  starts_.resize(first + 1);
  std::size_t new_end = begin + inserted;  // first byte after the inserted text
  std::size_t scan_to = std::min(new_end + 1, text.size());  // inclusive of the byte after the edit
  append_line_starts(text, scan_from, scan_to, starts_);
  for (std::size_t s : tail)
    if (s > starts_.back()) starts_.push_back(s);
}

std::size_t count_units(std::string_view s, PositionEncoding encoding) {
  if (encoding == PositionEncoding::Utf8) return s.size();
  std::size_t units = 0;
  for (std::size_t i = 0; i < s.size();) {
    std::size_t len = sequence_length(s, i);
    units += units_of(len, encoding);
    i += len;
  }
  return units;
}

std::size_t units_to_bytes(std::string_view line, std::size_t units, PositionEncoding encoding) {
  std::size_t i = 0, used = 0;
  while (i < line.size()) {
    std::size_t len = sequence_length(line, i);
    std::size_t u = units_of(len, encoding);
    if (encoding == PositionEncoding::Utf8) {
      // A byte offset inside a sequence clamps to the sequence start.
      if (used + len > units) break;
    } else if (used + u > units) {
      break;
    }
    used += (encoding == PositionEncoding::Utf8) ? len : u;
    i += len;
  }
  return i;
}

std::size_t position_to_offset(std::string_view text, const LineIndex& index, Position pos,
                               PositionEncoding encoding) {
  if (pos.line < 0) return 0;
  auto line = static_cast<std::size_t>(pos.line);
  if (line >= index.line_count()) return text.size();
  std::size_t character = pos.character < 0 ? 0 : static_cast<std::size_t>(pos.character);
  std::string_view content = index.line_text(text, line);
  return index.line_start(line) + units_to_bytes(content, character, encoding);
}

Position offset_to_position(std::string_view text, const LineIndex& index, std::size_t offset,
                            PositionEncoding encoding) {
  offset = std::min(offset, text.size());
  std::size_t line = index.line_of(offset);
  std::size_t begin = index.line_start(line);
  std::string_view content = text.substr(begin, index.content_end(text, line) - begin);
  return Position{static_cast<int>(line), static_cast<int>(units_before(content, offset - begin, encoding))};
}

int byte_column_to_character(std::string_view line, std::size_t byte_column, PositionEncoding encoding) {
  return static_cast<int>(units_before(line, byte_column, encoding));
}

}  // namespace cc::protocol
