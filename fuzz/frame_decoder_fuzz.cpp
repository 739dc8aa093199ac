// Fuzzes protocol::FrameDecoder with fuzzer-chosen chunk boundaries; the input layout and
// the oracles are in frame_decoder_check.h (shared with the GoogleTest regression replay).
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "fuzz/frame_decoder_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string failure = cc::fuzz::check_frame_decoder(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!failure.empty()) {
    fprintf(stderr, "frame_decoder invariant violated: %s\n", failure.c_str());
    abort();
  }
  return 0;
}
