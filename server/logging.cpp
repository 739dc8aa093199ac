#include "server/logging.h"

#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include "generation/redact.h"

namespace cc {
namespace {

// Hands each message to `inner` with secrets scrubbed from its text.
class ScrubbingSink final : public spdlog::sinks::sink {
 public:
  explicit ScrubbingSink(spdlog::sink_ptr inner) : inner_(std::move(inner)) {}
  void log(const spdlog::details::log_msg& msg) override {
    const std::string clean = gen::scrub_secrets(gen::redact_text(std::string_view(msg.payload.data(), msg.payload.size())));
    spdlog::details::log_msg scrubbed = msg;
    scrubbed.payload = spdlog::string_view_t(clean.data(), clean.size());
    inner_->log(scrubbed);
  }
  void flush() override { inner_->flush(); }
  void set_pattern(const std::string& pattern) override { inner_->set_pattern(pattern); }
  void set_formatter(std::unique_ptr<spdlog::formatter> formatter) override { inner_->set_formatter(std::move(formatter)); }

 private:
  spdlog::sink_ptr inner_;
};

std::shared_ptr<spdlog::logger> scrubbed_logger(const std::string& name, spdlog::sink_ptr sink) {
  auto logger = std::make_shared<spdlog::logger>(name, std::make_shared<ScrubbingSink>(std::move(sink)));
  return logger;
}

}  // namespace

void install_stderr_logger() {
  auto logger = scrubbed_logger("codecrucible", std::make_shared<spdlog::sinks::stderr_sink_mt>());
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
      auto logger = scrubbed_logger("codecrucible-file", std::make_shared<spdlog::sinks::basic_file_sink_mt>(file));
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
