#include "generation/types.h"

namespace cc::gen {

const char* to_string(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::None: return "none";
    case ErrorKind::Unavailable: return "unavailable";
    case ErrorKind::Timeout: return "timeout";
    case ErrorKind::Cancelled: return "cancelled";
    case ErrorKind::Http: return "http";
    case ErrorKind::Protocol: return "protocol";
    case ErrorKind::QueueFull: return "queue-full";
    case ErrorKind::InvalidRequest: return "invalid-request";
  }
  return "unknown";
}

const char* to_string(Tier tier) { return tier == Tier::Fast ? "fast" : "quality"; }

const char* to_string(TaskType task) {
  switch (task) {
    case TaskType::Format: return "format";
    case TaskType::Template: return "template";
    case TaskType::Completion: return "completion";
    case TaskType::Edit: return "edit";
    case TaskType::Documentation: return "documentation";
    case TaskType::Explain: return "explain";
    case TaskType::Debugging: return "debugging";
    case TaskType::MultiFile: return "multi-file";
    case TaskType::Review: return "review";
    case TaskType::Analysis: return "analysis";
    case TaskType::Security: return "security";
    case TaskType::Architecture: return "architecture";
    case TaskType::Chat: return "chat";
  }
  return "unknown";
}

const char* to_string(Priority priority) {
  switch (priority) {
    case Priority::Interactive: return "interactive";
    case Priority::Normal: return "normal";
    case Priority::Background: return "background";
  }
  return "unknown";
}

}  // namespace cc::gen
