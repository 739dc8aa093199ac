#pragma once
// Test support for running the real binary through /bin/sh (CLI tests): quoting for the
// shell and reading back what a command wrote. Header-only.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace cc::testing {

// `s` as one single-quoted shell word.
inline std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// The whole file (empty when it cannot be read).
inline std::string read_whole_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace cc::testing
