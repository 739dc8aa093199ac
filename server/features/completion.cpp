#include "server/features/completion.h"

#include <algorithm>

#include <spdlog/spdlog.h>

#include "server/features/ai_prompts.h"

namespace cc::server {

namespace {
constexpr std::size_t kCacheEntries = 100;
constexpr std::size_t kCacheKeyBytes = 512;  // prefix tail that identifies a suggestion
}  // namespace

CompletionFeature::CompletionFeature(Server& server, GenerationService& generation, ContextFeature& context)
    : server_(server), generation_(generation), context_(context) {
  server_.on_request("textDocument/inlineCompletion", [this](const json& p, Reply r, const RequestContext& c) {
    on_request(p, std::move(r), c, true);
  });
  server_.on_request("textDocument/completion", [this](const json& p, Reply r, const RequestContext& c) {
    on_request(p, std::move(r), c, false);
  });
  on_config_changed();
}

void CompletionFeature::contribute_capabilities(json& caps) {
  if (server_.client().inlineCompletion) caps["inlineCompletionProvider"] = json::object();
  caps["completionProvider"] = {{"resolveProvider", false}, {"triggerCharacters", json::array({".", "(", " "})}};
}

void CompletionFeature::on_config_changed() {
  const json& c = server_.settings().contains("completion") ? server_.settings()["completion"] : json();
  if (!c.is_object()) return;
  if (c.contains("enabled") && c["enabled"].is_boolean()) enabled_ = c["enabled"].get<bool>();
  if (c.contains("inCompletionList") && c["inCompletionList"].is_boolean()) in_completion_list_ = c["inCompletionList"].get<bool>();
  if (c.contains("debounceMs") && c["debounceMs"].is_number_unsigned())
    base_debounce_ms_ = std::min<std::uint64_t>(c["debounceMs"].get<std::uint64_t>(), 2000);
  if (c.contains("contextBytes") && c["contextBytes"].is_number_unsigned())
    budget_bytes_ = std::clamp<std::size_t>(c["contextBytes"].get<std::size_t>(), 256, 64 * 1024);
}

void CompletionFeature::on_document_closed(const std::string& uri) {
  auto it = docs_.find(uri);
  if (it == docs_.end()) return;
  if (it->second.pending) {
    it->second.pending->cancel.cancel();
    it->second.pending->reply.result(json::array());
  }
  docs_.erase(it);
}

void CompletionFeature::on_shutdown() {
  for (auto& [uri, st] : docs_)
    if (st.pending) st.pending->cancel.cancel();
}

std::optional<std::string> CompletionFeature::cached(const std::string& prefix) const {
  // A suggestion was made where the text before the cursor ended with `key`. If the user
  // typed on into it, the prefix now ends with key + typed, `typed` being the suggestion's
  // first characters: serve the rest. The key is a tail of the prefix, so it is matched at
  // the end (the window's start moves as the cursor does, so the tail shifts with typing).
  for (const auto& [key, completion] : cache_) {
    for (std::size_t typed = 0; typed < completion.size() && key.size() + typed <= prefix.size(); ++typed) {
      // Cheap filter first: the last typed character must be the suggestion's.
      if (typed > 0 && prefix.back() != completion[typed - 1]) continue;
      std::size_t key_at = prefix.size() - typed - key.size();
      // A key shorter than the tail length was the whole prefix: it stays anchored at the start.
      if (key.size() < kCacheKeyBytes && key_at != 0) continue;
      if (prefix.compare(key_at + key.size(), typed, completion, 0, typed) == 0 &&
          prefix.compare(key_at, key.size(), key) == 0)
        return completion.substr(typed);
    }
  }
  return std::nullopt;
}

void CompletionFeature::remember(const std::string& prefix, const std::string& completion) {
  cache_.emplace_front(prefix, completion);
  if (cache_.size() > kCacheEntries) cache_.pop_back();
}

void CompletionFeature::answer(Reply& reply, bool inline_form, const std::string& text, const protocol::Position& at) {
  if (text.empty()) {
    reply.result(inline_form ? json{{"items", json::array()}} : json{{"isIncomplete", true}, {"items", json::array()}});
    return;
  }
  if (inline_form) {
    reply.result(json{{"items", json::array({{{"insertText", text}, {"range", protocol::Range{at, at}}}})}});
    return;
  }
  std::string label = text.substr(0, text.find('\n'));
  if (label.size() > 60) label = label.substr(0, 57) + "...";
  if (label.find_first_not_of(" \t") == std::string::npos) label = "(AI suggestion)";
  json item{{"label", label}, {"kind", 1}, {"detail", "CodeCrucible AI"}, {"sortText", "~ai"}, {"filterText", label},
            {"textEdit", {{"range", protocol::Range{at, at}}, {"newText", text}}}, {"insertTextFormat", 1}};
  reply.result(json{{"isIncomplete", true}, {"items", json::array({item})}});
}

void CompletionFeature::on_request(const json& params, Reply reply, const RequestContext& ctx, bool inline_form) {
  std::string uri = params.at("textDocument").at("uri").get<std::string>();
  auto pos = params.at("position").get<protocol::Position>();
  auto* doc = server_.documents().find(uri);
  if (!doc || !enabled_ || !generation_.engine() || (!inline_form && !in_completion_list_)) {
    answer(reply, inline_form, "", pos);
    return;
  }
  std::size_t offset = protocol::position_to_offset(doc->text(), doc->lines(), pos, server_.encoding());
  FimWindow window = fim_window(doc->text(), offset, budget_bytes_);
  if (auto hit = cached(window.prefix)) {
    answer(reply, inline_form, *hit, pos);  // type-ahead: no model call
    return;
  }
  if (!generation_.available()) {
    answer(reply, inline_form, "", pos);
    return;
  }

  auto& st = docs_[uri];
  std::uint64_t now = server_.loop().now_ms();
  if (st.last_request_ms) st.typing_interval_ms = 0.7 * st.typing_interval_ms + 0.3 * static_cast<double>(now - st.last_request_ms);
  st.last_request_ms = now;
  if (st.pending) {  // cancel-previous: the older request gets no items
    st.pending->cancel.cancel();
    answer(st.pending->reply, st.pending->inline_form, "", pos);
    st.pending.reset();
  }
  st.pending.emplace();
  Pending& p = *st.pending;
  p.reply = reply;
  p.inline_form = inline_form;
  p.timer = std::make_unique<Timer>(server_.loop());
  CancelSource cancel = p.cancel;
  ctx.cancel.on_cancel([cancel] { cancel.cancel(); });
  auto debounce = static_cast<std::uint64_t>(
      std::clamp(st.typing_interval_ms / 2, 50.0, 500.0) * static_cast<double>(base_debounce_ms_) / 150.0);
  std::int64_t version = doc->version();
  p.timer->start(debounce, [this, uri, version, offset] { start(uri, version, offset); });
}

void CompletionFeature::start(const std::string& uri, std::int64_t version, std::size_t offset) {
  auto it = docs_.find(uri);
  if (it == docs_.end() || !it->second.pending) return;
  Pending& p = *it->second.pending;
  auto* doc = server_.documents().find(uri);
  auto* engine = generation_.engine();
  protocol::Position at{};
  if (doc) at = protocol::offset_to_position(doc->text(), doc->lines(), offset, server_.encoding());
  if (p.cancel.cancelled() || !doc || doc->version() != version || !engine) {
    answer(p.reply, p.inline_form, "", at);
    it->second.pending.reset();
    return;
  }
  FimWindow window = fim_window(doc->text(), offset, budget_bytes_);
  gen::GenerationRequest req;
  req.task = gen::TaskType::Completion;
  // Related code as comments before the prefix: one block per function the cursor is in, so
  // the prompt's start stays the same while typing (the model server's prompt cache holds).
  auto cursor = protocol::offset_to_position(doc->text(), doc->lines(), offset, protocol::PositionEncoding::Utf8);
  req.prompt = context_.completion_block(*doc, cursor.line, cursor.character) + window.prefix;
  req.suffix = window.suffix;
  req.max_tokens = 64;
  req.temperature = 0.1;
  req.stop = {"\n\n"};
  req.priority = gen::Priority::Interactive;
  req.force_tier = gen::Tier::Fast;
  req.stream = false;

  Reply reply = p.reply;
  bool inline_form = p.inline_form;
  CancelSource cancel = p.cancel;
  std::string key = window.prefix.size() > kCacheKeyBytes ? window.prefix.substr(window.prefix.size() - kCacheKeyBytes) : window.prefix;
  std::string suffix = window.suffix;
  auto weak = std::weak_ptr<bool>(alive_);
  auto& loop = server_.loop();
  engine->submit(std::move(req), {},
                 [this, &loop, weak, uri, version, at, reply, inline_form, cancel, key, suffix](gen::GenerationResult r) {
                   loop.post([this, weak, uri, version, at, reply, inline_form, cancel, key, suffix, r = std::move(r)]() mutable {
                     if (weak.expired()) return;
                     auto it = docs_.find(uri);
                     if (it != docs_.end() && it->second.pending && it->second.pending->reply.id() == reply.id())
                       it->second.pending.reset();
                     auto* doc = server_.documents().find(uri);
                     if (!r.ok() || !doc || doc->version() != version) {  // stale or failed: no suggestion
                       if (r.error == gen::ErrorKind::Unavailable) generation_.note_failure();
                       answer(reply, inline_form, "", at);
                       return;
                     }
                     std::string text = clean_completion(r.text, suffix);
                     if (!text.empty()) remember(key, text);
                     answer(reply, inline_form, text, at);
                   });
                 },
                 cancel.token());
}

}  // namespace cc::server
