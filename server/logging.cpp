#include "server/logging.h"

#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

namespace cc {

void install_stderr_logger() {
  auto logger = spdlog::stderr_logger_mt("codecrucible");
  logger->set_level(spdlog::level::warn);
  logger->flush_on(spdlog::level::warn);
  logger->set_pattern("[%H:%M:%S.%e] [%l] %v");
  spdlog::set_default_logger(std::move(logger));
}

std::optional<std::string> setup_logging(const std::string& level, const std::string& file) {
  auto lvl = spdlog::level::from_str(level.empty() ? "warn" : level);
  // from_str maps unknown names to "off"; only accept "off" when asked for.
  if (lvl == spdlog::level::off && level != "off")
    return "unknown log level '" + level + "' (use trace, debug, info, warn, error or off)";
  if (!file.empty()) {
    try {
      auto logger = spdlog::basic_logger_mt("codecrucible-file", file);
      logger->set_pattern("[%Y-%m-%d %H:%M:%S.%e] [%l] [%t] %v");
      logger->flush_on(spdlog::level::info);
      spdlog::set_default_logger(std::move(logger));
    } catch (const spdlog::spdlog_ex& e) {
      spdlog::set_level(lvl);
      return std::string("cannot open log file: ") + e.what();
    }
  }
  spdlog::set_level(lvl);
  return std::nullopt;
}

}  // namespace cc
