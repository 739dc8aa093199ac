#pragma once
// Reading one source file for analysis, with the scanner's rules: a size cap and a binary check,
// both decided from one open, one fstat and the first block read, as ripgrep does; a file that
// passes is read into the caller's buffer (reused between files by a worker).
//
// Thread-safe: no shared state.
#include <cstdint>
#include <filesystem>
#include <string>

namespace cc::analysis {

// Bytes read first; binary (NUL in the first 8 KiB, as analyze_text checks) and oversize files
// are rejected after this block at most.
inline constexpr std::size_t kFirstBlockBytes = 64 * 1024;

// Reads `path` into `out` (its capacity is reused). Returns false with `reason` set when the file
// is skipped: larger than `max_bytes`, binary, not a regular file, or unreadable; `unreadable`
// (optional) is set when it exists but cannot be read (permissions, I/O), as opposed to too
// large, binary or gone. Never blocks on a FIFO and never reads more than max_bytes + 1 bytes,
// even when the size the file system reports is wrong (procfs, a file growing meanwhile).
bool read_source_file(const std::filesystem::path& path, std::uint64_t max_bytes, std::string& out,
                      std::string& reason, bool* unreadable = nullptr);

}  // namespace cc::analysis
