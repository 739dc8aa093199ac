#include "server/features/ai_review.h"

#include <spdlog/spdlog.h>

namespace cc::server {

std::optional<std::vector<protocol::Diagnostic>> parse_review(std::string_view answer, const protocol::DocumentSnapshot& snap) {
  auto open = answer.find('[');
  auto close = answer.rfind(']');
  if (open == std::string_view::npos || close == std::string_view::npos || close < open) return std::nullopt;
  json items = json::parse(answer.substr(open, close - open + 1), nullptr, false);
  if (items.is_discarded() || !items.is_array()) return std::nullopt;
  std::vector<protocol::Diagnostic> out;
  int lines = static_cast<int>(snap.lines.line_count());
  for (const auto& it : items) {
    if (!it.is_object() || !it.contains("line") || !it["line"].is_number_integer() || !it.contains("message") ||
        !it["message"].is_string())
      continue;
    int line = it["line"].get<int>() - 1;
    if (line < 0 || line >= lines) continue;
    std::string sev = it.value("severity", "warning");
    protocol::DiagnosticSeverity s = sev == "error"  ? protocol::DiagnosticSeverity::Error
                                     : sev == "info" || sev == "information" ? protocol::DiagnosticSeverity::Information
                                     : sev == "hint" ? protocol::DiagnosticSeverity::Hint
                                                     : protocol::DiagnosticSeverity::Warning;
    auto text = snap.lines.line_text(snap.text, static_cast<std::size_t>(line));
    protocol::Diagnostic d;
    d.range = DiagnosticsFeature::to_range(line, 0, line, static_cast<int>(text.size()), snap, protocol::PositionEncoding::Utf16);
    d.severity = s;
    d.source = "codecrucible-ai";
    d.code = "ai-review";
    d.message = it["message"].get<std::string>();
    d.data = json{{"rule", "ai-review"}, {"category", "review"}, {"line", line}};
    out.push_back(std::move(d));
  }
  return out;
}

AiReviewFeature::AiReviewFeature(Server& server, GenerationService& generation, DiagnosticsFeature& diagnostics,
                                 ContextFeature& context)
    : server_(server), generation_(generation), diagnostics_(diagnostics), context_(context) {
  on_config_changed();
}

void AiReviewFeature::on_config_changed() {
  const json& r = server_.settings().contains("review") ? server_.settings()["review"] : json();
  enabled_ = r.is_object() && r.contains("onSave") && r["onSave"].is_boolean() && r["onSave"].get<bool>();
}

void AiReviewFeature::on_document_closed(const std::string& uri) {
  reviewed_hash_.erase(uri);
  if (auto it = running_.find(uri); it != running_.end()) {
    it->second.cancel();
    running_.erase(it);
  }
}

void AiReviewFeature::on_shutdown() {
  for (auto& [uri, c] : running_) c.cancel();
}

void AiReviewFeature::on_document_saved(const protocol::Document& doc) {
  auto* engine = generation_.engine();
  if (!enabled_ || !engine || !generation_.available()) return;
  std::size_t hash = std::hash<std::string>{}(doc.text());
  if (reviewed_hash_[doc.uri()] == hash) return;  // one review per content
  reviewed_hash_[doc.uri()] = hash;
  if (auto it = running_.find(doc.uri()); it != running_.end()) it->second.cancel();
  CancelSource& cancel = running_[doc.uri()];
  cancel = CancelSource{};

  gen::GenerationRequest req;
  req.task = gen::TaskType::Review;
  req.voice = "guardian";
  req.priority = gen::Priority::Background;
  req.max_tokens = 768;
  std::string numbered;
  const auto& lines = doc.lines();
  for (std::size_t i = 0; i < lines.line_count() && numbered.size() < 60000; ++i)
    numbered += std::to_string(i + 1) + ": " + std::string(lines.line_text(doc.text(), i)) + "\n";
  // Related code from the workspace: definitions of what the file uses from elsewhere.
  ContextResult related = context_.gather(doc, 0, static_cast<int>(lines.line_count()) - 1, -1, ContextPurpose::Action);
  context_.trace("review", doc.uri(), related);
  std::string context = render_context(related, context_.root_of(uri_to_path(doc.uri()).value_or("")));
  if (!context.empty()) context += "\nThe file:\n";
  req.messages = {gen::ChatMessage{
      "user", "Review this " + doc.language_id() +
                  " file for bugs, risky code and maintainability problems that a linter would miss. Answer ONLY "
                  "with a JSON array, each element {\"line\": <1-based line>, \"severity\": \"error\"|\"warning\"|"
                  "\"info\", \"message\": \"<one sentence: the problem and the fix>\"}. Answer [] when nothing is "
                  "worth reporting.\n\n" + context + numbered}};

  auto snap = doc.snapshot();
  auto weak = std::weak_ptr<bool>(alive_);
  auto& loop = server_.loop();
  ++in_flight_;
  engine->submit(std::move(req), {}, [this, &loop, weak, snap](gen::GenerationResult r) {
    loop.post([this, weak, snap, r = std::move(r)] {
      if (weak.expired()) return;
      --in_flight_;
      running_.erase(snap->uri);
      auto* doc = server_.documents().find(snap->uri);
      if (r.ok() && doc && doc->version() == snap->version) {
        if (auto diags = parse_review(r.text, *snap)) {
          // The review's positions were computed in UTF-16: convert to the session's encoding.
          for (auto& d : *diags) {
            int line = d.range.start.line;
            auto text = snap->lines.line_text(snap->text, static_cast<std::size_t>(line));
            d.range = DiagnosticsFeature::to_range(line, 0, line, static_cast<int>(text.size()), *snap, server_.encoding());
          }
          diagnostics_.set_extra_diagnostics(snap->uri, snap->version, "codecrucible-ai", std::move(*diags));
        } else {
          spdlog::info("AI review of {} was not a JSON array; dropped", snap->uri);
        }
      } else if (!r.ok()) {
        spdlog::info("AI review of {} failed: {}", snap->uri, r.error_message);
      }
      server_.check_sync_waiters();
    });
  });
}

}  // namespace cc::server
