#pragma once
// Logging setup. stdout is the LSP channel, so spdlog's default (stdout) logger must be
// replaced before anything else runs: everything goes to stderr or a file.
// Every line passes the secret scrubber on its way out (configured secrets and credential
// patterns such as URL user:password@ and Bearer tokens, generation/redact.h), whatever
// logged it: a raw frame at debug level, a server's error message, a configuration value.
#include <optional>
#include <string>

namespace cc {

// Installs the default logger. level: trace|debug|info|warn|error|off. Returns an error
// message for a bad level or an unwritable file (the stderr logger stays installed then).
std::optional<std::string> setup_logging(const std::string& level, const std::string& file);

// Installs a warn-level stderr logger; called first thing in main.
void install_stderr_logger();

}  // namespace cc
