// Fuzzes protocol::Document::apply (incremental didChange edits) and the position
// conversions of protocol/positions.h.
//
// Input layout (FuzzedDataProvider): encoding, initial text, then edits until the input runs
// out: (full replace? | start/end positions), inserted text.
//
// Oracles after every edit:
//  - the incrementally maintained LineIndex equals LineIndex(text) rebuilt from scratch;
//  - the text equals a reference model (the same replace done on a copy, with offsets
//    computed by position_to_offset on the pre-edit text);
//  - position round trips: offset -> position -> offset never moves forward, and is stable
//    (converting the result again gives the same position and offset).
#include <fuzzer/FuzzedDataProvider.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "protocol/document.h"
#include "protocol/positions.h"

using namespace cc::protocol;

namespace {

void require(bool ok, const char* what) {
  if (!ok) {
    fprintf(stderr, "document_edits invariant violated: %s\n", what);
    abort();
  }
}

Position consume_position(FuzzedDataProvider& fdp) {
  Position p;
  // Mostly small in-range values; sometimes huge ones to hit the clamping paths.
  if (fdp.ConsumeIntegralInRange<int>(0, 15) == 0) {
    p.line = fdp.ConsumeIntegral<int>();
    p.character = fdp.ConsumeIntegral<int>();
  } else {
    p.line = fdp.ConsumeIntegralInRange<int>(0, 12);
    p.character = fdp.ConsumeIntegralInRange<int>(0, 40);
  }
  return p;
}

void check_positions(const std::string& text, const LineIndex& index, PositionEncoding enc, FuzzedDataProvider& fdp) {
  for (std::size_t line = 0; line < index.line_count(); ++line) {
    std::string_view content = index.line_text(text, line);
    std::size_t units = count_units(content, enc);
    require(units_to_bytes(content, units, enc) == content.size(), "units_to_bytes(count_units(line)) != line size");
    require(units_to_bytes(content, units + 7, enc) == content.size(), "units_to_bytes does not clamp");
  }
  for (int probe = 0; probe < 4; ++probe) {
    std::size_t offset = fdp.ConsumeIntegralInRange<std::size_t>(0, text.size() + 2);
    Position p1 = offset_to_position(text, index, offset, enc);
    std::size_t o1 = position_to_offset(text, index, p1, enc);
    if (o1 > std::min(offset, text.size())) {
      fprintf(stderr, "encoding %s, offset %zu -> (%d,%d) -> %zu; line bytes:", to_string(enc), offset, p1.line,
              p1.character, o1);
      for (char c : index.line_text(text, static_cast<std::size_t>(p1.line))) fprintf(stderr, " %02x", c & 0xff);
      fprintf(stderr, " (line starts at %zu)\n", index.line_start(static_cast<std::size_t>(p1.line)));
      require(false, "offset -> position -> offset moved forward");
    }
    Position p2 = offset_to_position(text, index, o1, enc);
    require(p1 == p2, "position of a converted offset is not stable");
    require(position_to_offset(text, index, p2, enc) == o1, "offset of a converted position is not stable");
    require(p1.line >= 0 && static_cast<std::size_t>(p1.line) < index.line_count(), "position line out of range");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider fdp(data, size);
  const auto enc = fdp.PickValueInArray({PositionEncoding::Utf8, PositionEncoding::Utf16, PositionEncoding::Utf32});
  Document doc("file:///fuzz.txt", "plaintext", 0, fdp.ConsumeRandomLengthString(512));
  require(doc.lines() == LineIndex(doc.text()), "initial LineIndex");

  std::int64_t version = 0;
  for (int edit = 0; edit < 64 && fdp.remaining_bytes() > 0; ++edit) {
    ContentChange change;
    if (fdp.ConsumeIntegralInRange<int>(0, 31) != 0) change.range = Range{consume_position(fdp), consume_position(fdp)};
    change.text = fdp.ConsumeRandomLengthString(64);

    std::string expected = change.text;
    bool expect_error = false;
    if (change.range) {
      const Range& r = *change.range;
      if (r.start.line < 0 || r.start.character < 0 || r.end.line < 0 || r.end.character < 0) {
        expect_error = true;
      } else {
        std::size_t begin = position_to_offset(doc.text(), doc.lines(), r.start, enc);
        std::size_t end = position_to_offset(doc.text(), doc.lines(), r.end, enc);
        require(begin <= doc.text().size() && end <= doc.text().size(), "position_to_offset past the end");
        if (end < begin) expect_error = true;
        else expected = std::string(doc.text()).replace(begin, end - begin, change.text);
      }
    }

    auto error = doc.apply({change}, ++version, enc);
    require(error.has_value() == expect_error, "apply() accepted/rejected an unexpected edit");
    if (error) return 0;  // the server drops the document here
    require(doc.text() == expected, "text differs from the reference edit");
    require(doc.lines() == LineIndex(doc.text()), "incremental LineIndex differs from a rebuilt one");
    require(doc.version() == version, "version not updated");
    check_positions(doc.text(), doc.lines(), enc, fdp);
  }
  auto snap = doc.snapshot();
  require(snap->text == doc.text() && snap->lines == doc.lines(), "snapshot differs");
  return 0;
}
