// Linked into every GoogleTest binary. spdlog builds its registry on first use; the server
// and CLI do that on the main thread before any worker starts, but a test's first log line
// may come from two workers at once (ThreadSanitizer reports the unsynchronised first use).
// Touch the registry during static initialisation, on the main thread.
#include <spdlog/spdlog.h>

namespace {
[[maybe_unused]] const bool kSpdlogRegistryReady = spdlog::default_logger_raw() != nullptr;
}  // namespace
