#pragma once
// Names from outside (file names, model names, server messages) made safe to print or to put
// in JSON. A file name may hold any byte but '/' and NUL: a newline in it would forge a
// finding line, an ESC would drive the terminal, a leading "::" would be a GitHub Actions
// workflow command, and bytes that are not UTF-8 abort a JSON dump.
//
// Pure functions: thread-safe.
#include <string>
#include <string_view>

namespace cc::analysis {

// One line of text output: control characters (C0, DEL, C1) and bytes that are not valid
// UTF-8 become \xNN (\n, \r, \t and \\ as such), and the characters that reorder or break
// text without showing (bidi controls, U+2028/U+2029) become \u{XXXX}. Printable text,
// including valid non-ASCII UTF-8, is unchanged. Unambiguous: different names never escape
// to the same text.
std::string escape_for_display(std::string_view text);

// escape_for_display for a path that starts a line of output: a path that would start with
// ':' or '#' (a workflow command, "::warning ...", "##[error]") gets "./" in front.
std::string escape_path_for_line(std::string_view path);

bool is_valid_utf8(std::string_view text);

// Valid UTF-8 for a JSON string: each byte of an invalid sequence becomes U+FFFD. Lossy; pair
// it with percent_encode_path where the exact bytes matter.
std::string to_valid_utf8(std::string_view text);

// Every byte outside [A-Za-z0-9/._~-] as %XX: lossless for any byte string, valid in a URI.
std::string percent_encode_path(std::string_view path);

}  // namespace cc::analysis
