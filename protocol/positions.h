#pragma once
// Positions in the negotiated encoding, converted to and from UTF-8 byte offsets.
//
// Text is kept as UTF-8 bytes internally; conversion happens only at the protocol edge.
// Line ends are \n, \r\n and \r. Out-of-range positions clamp: a line past the end maps to
// the end of the text, a character past the end of its line to the line end (before the
// terminator), a character inside a multi-unit code point to that code point's start.
// Invalid UTF-8 bytes count as one unit each in every encoding.
#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

namespace cc::protocol {

enum class PositionEncoding { Utf8, Utf16, Utf32 };

std::optional<PositionEncoding> parse_position_encoding(std::string_view name);  // "utf-8", "utf-16", "utf-32"
const char* to_string(PositionEncoding encoding);

struct Position {
  int line = 0;
  int character = 0;
  friend bool operator==(const Position&, const Position&) = default;
};

struct Range {
  Position start;
  Position end;
  friend bool operator==(const Range&, const Range&) = default;
};

// The one line-ending model (LSP's): \n, \r\n and a lone \r each end a line. Appends the
// start of every line that begins after a terminator in text[from, to) (a \r at to - 1
// pairs with a \n at `to`). Shared by documents, positions and the analyzer's line index.
void append_line_starts(std::string_view text, std::size_t from, std::size_t to, std::vector<std::size_t>& starts);

// Byte offsets of line starts. Line i spans [start(i), content_end(i)) plus its terminator.
class LineIndex {
 public:
  LineIndex() : starts_{0} {}
  explicit LineIndex(std::string_view text);

  [[nodiscard]] std::size_t line_count() const { return starts_.size(); }
  [[nodiscard]] std::size_t line_start(std::size_t line) const { return starts_[line]; }
  // End of line content, excluding its terminator.
  [[nodiscard]] std::size_t content_end(std::string_view text, std::size_t line) const;
  [[nodiscard]] std::string_view line_text(std::string_view text, std::size_t line) const;
  // The line containing byte `offset` (offsets past the end map to the last line).
  [[nodiscard]] std::size_t line_of(std::size_t offset) const;

  // Updates the index after `text` (already edited) had bytes [begin, old_end) of the
  // previous text replaced by `inserted` bytes. Cost: the edited lines plus a shift.
  void apply_edit(std::string_view text, std::size_t begin, std::size_t old_end, std::size_t inserted);

  friend bool operator==(const LineIndex&, const LineIndex&) = default;

 private:
  std::vector<std::size_t> starts_;
};

// Units of `encoding` in the UTF-8 bytes `s`.
std::size_t count_units(std::string_view s, PositionEncoding encoding);
// Byte length of the longest prefix of `line` holding at most `units` units (clamped).
std::size_t units_to_bytes(std::string_view line, std::size_t units, PositionEncoding encoding);

std::size_t position_to_offset(std::string_view text, const LineIndex& index, Position pos, PositionEncoding encoding);
Position offset_to_position(std::string_view text, const LineIndex& index, std::size_t offset,
                            PositionEncoding encoding);
// A byte column within a line to a position character, and back.
int byte_column_to_character(std::string_view line, std::size_t byte_column, PositionEncoding encoding);

}  // namespace cc::protocol
