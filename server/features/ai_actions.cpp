#include "server/features/ai_actions.h"

#include <chrono>
#include <filesystem>
#include <fstream>

#include <spdlog/spdlog.h>

#include "server/config.h"

namespace cc::server {

using protocol::CodeAction;
using protocol::ErrorCode;

json AiRequest::to_json() const {
  json j{{"provider", "ai"}, {"uri", uri}, {"version", version}, {"range", range}, {"action", action}, {"voice", voice}};
  if (!diagnostic.empty()) j["diagnostic"] = diagnostic;
  if (!question.empty()) j["question"] = question;
  return j;
}

AiRequest AiRequest::from_json(const json& j) {
  AiRequest r;
  j.at("uri").get_to(r.uri);
  j.at("version").get_to(r.version);
  j.at("range").get_to(r.range);
  j.at("action").get_to(r.action);
  r.voice = j.value("voice", "");
  r.diagnostic = j.value("diagnostic", "");
  r.question = j.value("question", "");
  return r;
}

AiFeature::AiFeature(Server& server, GenerationService& generation, DiagnosticsFeature& diagnostics,
                     CodeActionFeature& actions, ProgressFeature& progress, ContextFeature& context)
    : server_(server), generation_(generation), diagnostics_(diagnostics), progress_(progress), context_(context) {
  actions.add_provider([this](const CodeActionQuery& q, std::vector<CodeAction>& out) { provide(q, out); });
  server_.on_request("codeAction/resolve", [this](const json& p, Reply r, const RequestContext& c) { on_resolve(p, std::move(r), c); });
  server_.on_command("codecrucible.runAiAction", [this](const json& a, Reply r, const RequestContext& c) { on_run(a, std::move(r), c); });
  server_.on_command("codecrucible.askCouncil", [this](const json& a, Reply r, const RequestContext& c) { on_council(a, std::move(r), c); });
}

void AiFeature::on_shutdown() {
  for (auto& [id, source] : running_) source.cancel();
  running_.clear();
}

std::string AiFeature::voice_name(const std::string& id) const {
  if (id.empty()) return "Council";
  if (auto* engine = const_cast<GenerationService&>(generation_).engine()) {
    auto v = engine->voices().find(id);
    if (v.ok()) return v.value->name;
  }
  return id;
}

// ------------------------------------------------------------------ listing (cheap)

void AiFeature::provide(const CodeActionQuery& q, std::vector<CodeAction>& out) {
  // Quiet (static-only) users get no AI items at all, not one disabled item per diagnostic.
  if (!generation_.engine() || !q.document || generation_.quiet()) return;
  const auto& caps = server_.client();
  bool resolves = caps.codeActionResolveEdit && caps.codeActionDataSupport;
  bool available = generation_.available();
  std::size_t first_new = out.size();

  auto add = [&](const AiActionInfo& info, AiRequest req, std::string title) {
    if (!q.wants(info.kind)) return;
    CodeAction a;
    a.title = std::move(title);
    a.kind = info.kind;
    if (info.produces_edit && resolves) {
      a.data = req.to_json();
    } else {
      a.command = protocol::Command{a.title, "codecrucible.runAiAction", json::array({req.to_json()})};
    }
    out.push_back(std::move(a));
  };

  AiRequest base;
  base.uri = q.uri;
  base.version = q.document->version();
  base.range = q.range;

  // Fix the findings under the cursor with the voice that matches their category.
  if (const auto* df = diagnostics_.findings(q.uri)) {
    std::size_t fixes = 0;
    for (std::size_t i = 0; i < df->findings.size() && fixes < 3; ++i) {
      const auto& f = df->findings[i];
      bool referenced = false;
      for (const auto& d : q.context_diagnostics)
        if (d.data && d.data->is_object() && d.data->value("rule", "") == f.rule && d.data->value("line", -1) == f.line)
          referenced = true;
      if (!referenced && (f.line < q.range.start.line || f.line > q.range.end.line)) continue;
      AiRequest r = base;
      r.action = "fix";
      r.voice = voice_for_category(f.category);
      r.range = protocol::Range{{f.line, 0}, {f.line, 0}};
      r.diagnostic = f.rule + ": " + f.message;
      const auto* info = find_ai_action("fix");
      add(*info, r, "AI: Fix " + f.rule + " — " + voice_name(r.voice) + " voice");
      ++fixes;
    }
  }
  for (const auto& info : ai_actions()) {
    if (info.action == AiAction::Fix) continue;
    AiRequest r = base;
    r.action = info.id;
    r.voice = info.voice;
    add(info, r, std::string("AI: ") + info.verb + " — " + voice_name(info.voice) + (info.action == AiAction::Council ? "" : " voice"));
  }

  if (available || out.size() == first_new) return;
  // No model server: say so instead of offering actions that would fail.
  const std::string& reason = generation_.unavailable_reason();
  if (caps.codeActionDisabledSupport) {
    for (std::size_t i = first_new; i < out.size(); ++i) out[i].disabledReason = reason;
    return;
  }
  out.resize(first_new);
  CodeAction a;
  a.title = "AI: no model server reachable — run CodeCrucible Doctor";
  a.kind = "source.codecrucible.doctor";
  a.command = protocol::Command{a.title, "codecrucible.doctor", json::array()};
  if (q.wants(*a.kind)) out.push_back(std::move(a));
}

// ------------------------------------------------------------------ running

std::optional<AiFeature::Target> AiFeature::target(const AiRequest& r) const {
  const auto* doc = const_cast<Server&>(server_).documents().find(r.uri);
  if (!doc) return std::nullopt;
  int lines = static_cast<int>(doc->lines().line_count());
  int first = std::clamp(r.range.start.line, 0, lines - 1);
  int last = std::clamp(r.range.end.line, first, lines - 1);
  // A selection ending at column 0 of a line does not include that line.
  if (last > first && r.range.end.character == 0) --last;
  std::size_t begin = doc->lines().line_start(static_cast<std::size_t>(first));
  std::size_t end = static_cast<std::size_t>(last) + 1 < doc->lines().line_count()
                        ? doc->lines().line_start(static_cast<std::size_t>(last) + 1)
                        : doc->text().size();
  return Target{doc, first, last, doc->text().substr(begin, end - begin)};
}

void AiFeature::generate(const AiRequest& r, const AiActionInfo& info, const Target& t, const RequestContext& ctx,
                         DoneFn done) {
  auto* engine = generation_.engine();
  PromptInput in;
  in.action = info.action;
  in.language = t.doc->language_id();
  in.path = uri_to_path(r.uri).value_or(r.uri);
  in.selection = t.selection;
  in.first_line = t.first_line;
  in.diagnostic = r.diagnostic;
  in.question = r.question;
  const auto& lines = t.doc->lines();
  const std::string& text = t.doc->text();
  std::size_t ctx_begin = lines.line_start(static_cast<std::size_t>(std::max(0, t.first_line - 20)));
  in.before = text.substr(ctx_begin, lines.line_start(static_cast<std::size_t>(t.first_line)) - ctx_begin);
  std::size_t after_line = static_cast<std::size_t>(t.last_line) + 1;
  if (after_line < lines.line_count()) {
    std::size_t after_end = after_line + 10 < lines.line_count() ? lines.line_start(after_line + 10) : text.size();
    in.after = text.substr(lines.line_start(after_line), after_end - lines.line_start(after_line));
  }
  ContextResult related = context_.gather(*t.doc, t.first_line, t.last_line, -1,
                                          info.action == AiAction::Tests ? ContextPurpose::Tests : ContextPurpose::Action);
  context_.trace(info.id, r.uri, related);
  in.context = render_context(related, context_.root_of(uri_to_path(r.uri).value_or("")));

  gen::GenerationRequest req;
  req.task = info.task;
  req.messages = build_messages(in);
  req.voice = r.voice;
  req.priority = gen::Priority::Interactive;
  req.lines_involved = t.last_line - t.first_line + 1;
  req.max_tokens = info.produces_edit ? 1024 : 768;

  const std::uint64_t job = next_job_++;
  CancelSource& source = running_[job];
  ctx.cancel.on_cancel([source] { source.cancel(); });  // $/cancelRequest
  auto progress = progress_.begin(ctx.work_done_token, std::string("CodeCrucible: ") + info.verb,
                                  voice_name(r.voice) + " is thinking…" +
                                      (related.items.empty() ? "" : " (" + related.summary() + ")"),
                                  true, [source] { source.cancel(); });

  struct Stream {
    std::size_t tokens = 0;
    std::string tail;
    std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
    std::uint64_t last_report_ms = 0;
  };
  auto stream = std::make_shared<Stream>();
  auto weak = std::weak_ptr<bool>(alive_);
  auto& loop = server_.loop();
  auto on_token = [&loop, weak, stream, progress](std::string_view token) {
    loop.post([weak, stream, progress, tok = std::string(token)] {
      if (weak.expired()) return;
      ++stream->tokens;
      stream->tail += tok;
      if (stream->tail.size() > 80) stream->tail.erase(0, stream->tail.size() - 80);
      auto elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - stream->started).count();
      auto now_ms = static_cast<std::uint64_t>(elapsed * 1000);
      // The first token is reported at once; later ones at most every 100 ms.
      if (stream->tokens > 1 && now_ms - stream->last_report_ms < 100) return;
      stream->last_report_ms = now_ms;
      std::string line = stream->tail;
      std::replace(line.begin(), line.end(), '\n', ' ');
      char rate[64];
      std::snprintf(rate, sizeof rate, "%zu tokens, %.1f tok/s: ", stream->tokens, elapsed > 0 ? stream->tokens / elapsed : 0.0);
      progress->report(rate + line);
    });
  };
  auto on_done = [this, &loop, weak, job, progress, done = std::move(done)](gen::GenerationResult result) {
    loop.post([this, weak, job, progress, done, result = std::move(result)] {
      if (weak.expired()) return;
      running_.erase(job);
      progress->end(result.ok() ? "done" : std::string("failed: ") + gen::to_string(result.error));
      if (result.error == gen::ErrorKind::Unavailable) generation_.note_failure();
      done(result);
      generation_.publish_status();
    });
  };
  engine->submit(std::move(req), std::move(on_token), std::move(on_done), source.token());
}

void AiFeature::fail(const Reply& reply, const gen::GenerationResult& result) {
  switch (result.error) {
    case gen::ErrorKind::Cancelled: reply.error(ErrorCode::RequestCancelled, "request cancelled"); return;
    case gen::ErrorKind::Unavailable:
      reply.error(ErrorCode::RequestFailed, result.error_message.empty() ? generation_.unavailable_reason() : result.error_message);
      return;
    default:
      reply.error(ErrorCode::RequestFailed, std::string("generation failed (") + gen::to_string(result.error) + "): " + result.error_message);
  }
}

std::optional<protocol::WorkspaceEdit> AiFeature::edit_from(const AiRequest& r, const Target& t, const std::string& answer,
                                                            std::string& why) {
  const std::string& text = t.doc->text();
  std::size_t eol_at = t.doc->lines().content_end(text, static_cast<std::size_t>(t.first_line));
  std::string eol = "\n";
  if (eol_at + 1 < text.size() && text[eol_at] == '\r') eol = text[eol_at + 1] == '\n' ? "\r\n" : "\r";
  auto code = extract_code(answer, t.selection, eol);
  if (!code) {
    why = "the model's answer held no usable code, so nothing was changed";
    return std::nullopt;
  }
  protocol::Range range{{t.first_line, 0}, {t.last_line + 1, 0}};
  if (static_cast<std::size_t>(t.last_line) + 1 >= t.doc->lines().line_count()) {
    // Last line of the file: end at its end instead of a line that does not exist.
    range.end = protocol::offset_to_position(text, t.doc->lines(), text.size(), server_.encoding());
  }
  return CodeActionFeature::make_edit(server_, r.uri, r.version, {{range, *code}});
}

std::optional<protocol::WorkspaceEdit> AiFeature::finished_edit(const AiRequest& r, const gen::GenerationResult& result,
                                                                const Reply& reply, bool tell_user) {
  auto now = target(r);
  if (!now || now->doc->version() != r.version) {
    reply.error(ErrorCode::ContentModified, "the document changed while the model was answering");
    return std::nullopt;
  }
  std::string why;
  auto edit = edit_from(r, *now, result.text, why);
  if (!edit) {
    // Unusable output is reported, never applied.
    if (tell_user) server_.show_message(MessageType::Warning, "CodeCrucible: " + why);
    // The answer is bounded (generation/backends/answer_stream.h); the log gets its start.
    constexpr std::size_t kLoggedAnswerBytes = 4096;
    std::string logged = result.text.substr(0, kLoggedAnswerBytes);
    if (result.text.size() > kLoggedAnswerBytes)
      logged += "\n... (" + std::to_string(result.text.size() - kLoggedAnswerBytes) + " more bytes)";
    server_.log_message(MessageType::Info, "codecrucible: unusable model answer:\n" + logged);
    reply.error(ErrorCode::RequestFailed, why);
  }
  return edit;
}

void AiFeature::on_resolve(const json& params, Reply reply, const RequestContext& ctx) {
  json action = params;
  const json& data = params.contains("data") ? params["data"] : json();
  if (!data.is_object() || data.value("provider", "") != "ai") {
    reply.result(action);  // not ours (static actions are complete): hand it back unchanged
    return;
  }
  AiRequest r = AiRequest::from_json(data);
  const auto* info = find_ai_action(r.action);
  if (!info) {
    reply.error(ErrorCode::InvalidParams, "unknown AI action '" + r.action + "'");
    return;
  }
  auto t = target(r);
  if (!t || t->doc->version() != r.version) {
    reply.error(ErrorCode::ContentModified, "the document changed since the action was offered");
    return;
  }
  if (!generation_.engine()) {
    reply.error(ErrorCode::RequestFailed, "AI features are disabled (ai.enabled = false)");
    return;
  }
  generate(r, *info, *t, ctx, [this, r, reply, action](const gen::GenerationResult& result) mutable {
    if (!result.ok()) return fail(reply, result);
    auto edit = finished_edit(r, result, reply, /*tell_user=*/false);
    if (!edit) return;
    action["edit"] = *edit;
    reply.result(action);
  });
}

void AiFeature::on_run(const json& args, Reply reply, const RequestContext& ctx) {
  const json& arg = args.is_array() && !args.empty() ? args[0] : args;
  AiRequest r = AiRequest::from_json(arg);
  const auto* info = find_ai_action(r.action);
  if (!info) {
    reply.error(ErrorCode::InvalidParams, "unknown AI action '" + r.action + "'");
    return;
  }
  if (info->action == AiAction::Council) {
    on_council(args, std::move(reply), ctx);
    return;
  }
  auto t = target(r);
  if (!t || (info->produces_edit && t->doc->version() != r.version)) {
    reply.error(ErrorCode::ContentModified, "the document changed since the action was offered");
    return;
  }
  if (!generation_.engine()) {
    reply.error(ErrorCode::RequestFailed, "AI features are disabled (ai.enabled = false)");
    return;
  }
  generate(r, *info, *t, ctx, [this, r, info, reply](const gen::GenerationResult& result) {
    if (!result.ok()) {
      server_.show_message(MessageType::Warning, std::string("CodeCrucible: ") + info->verb + " failed: " +
                                                     (result.error_message.empty() ? gen::to_string(result.error) : result.error_message));
      return fail(reply, result);
    }
    if (!info->produces_edit) {
      present(std::string(info->verb) + " — " + voice_name(r.voice), result.text, reply);
      return;
    }
    auto edit = finished_edit(r, result, reply, /*tell_user=*/true);
    if (!edit) return;
    if (!server_.client().applyEdit) {
      reply.error(ErrorCode::RequestFailed, "the client does not support workspace/applyEdit");
      return;
    }
    server_.call("workspace/applyEdit", json{{"label", std::string("CodeCrucible: ") + info->verb}, {"edit", *edit}},
                 [this, reply](std::optional<json> res, std::optional<protocol::LspError> err) {
                   bool applied = !err && res && res->value("applied", false);
                   if (applied) {
                     reply.result(json{{"applied", true}});
                     return;
                   }
                   std::string reason = err ? err->message : (res ? res->value("failureReason", std::string("")) : "");
                   server_.show_message(MessageType::Warning,
                                        "CodeCrucible: the editor did not apply the change" + (reason.empty() ? "" : ": " + reason));
                   reply.error(ErrorCode::RequestFailed, "edit not applied" + (reason.empty() ? "" : ": " + reason));
                 });
  });
}

void AiFeature::on_council(const json& args, Reply reply, const RequestContext& ctx) {
  auto* engine = generation_.engine();
  if (!engine) {
    reply.error(ErrorCode::RequestFailed, "AI features are disabled (ai.enabled = false)");
    return;
  }
  const json& arg = args.is_array() && !args.empty() ? args[0] : (args.is_object() ? args : json::object());
  std::string question = arg.value("question", "");
  std::string context;
  if (arg.contains("uri") && arg.contains("range")) {
    AiRequest r = AiRequest::from_json(json{{"uri", arg["uri"]}, {"version", arg.value("version", 0)}, {"range", arg["range"]}, {"action", "council"}});
    if (auto t = target(r)) {
      PromptInput in;
      in.action = AiAction::Council;
      in.language = t->doc->language_id();
      in.path = uri_to_path(r.uri).value_or(r.uri);
      in.selection = t->selection;
      in.first_line = t->first_line;
      in.question = question;
      ContextResult related = context_.gather(*t->doc, t->first_line, t->last_line, -1, ContextPurpose::Action);
      context_.trace("council", r.uri, related);
      in.context = render_context(related, context_.root_of(in.path));
      context = build_messages(in).front().content;
    }
  }
  if (context.empty() && question.empty()) {
    reply.error(ErrorCode::InvalidParams, "ask the council a question or select some code");
    return;
  }
  gen::SynthesisRequest sr;
  sr.base.task = gen::TaskType::Analysis;
  sr.base.messages = {gen::ChatMessage{"user", context.empty() ? question : context}};
  sr.base.priority = gen::Priority::Interactive;
  sr.base.max_tokens = 768;
  std::string mode = arg.value("mode", "collaborative");
  auto m = gen::synthesis_mode_from_string(mode);
  if (!m) {
    reply.error(ErrorCode::InvalidParams, "mode must be competitive, collaborative or consensus");
    return;
  }
  sr.mode = *m;
  if (arg.contains("voices")) {
    auto resolved = engine->voices().resolve_json(arg["voices"]);
    if (!resolved.ok()) {
      reply.error(ErrorCode::InvalidParams, resolved.error);
      return;
    }
    for (const auto& v : *resolved.value) sr.voices.push_back(v.id);
  } else {
    auto preset = engine->voices().preset(arg.value("preset", "default"));
    if (!preset.ok()) {
      reply.error(ErrorCode::InvalidParams, preset.error);
      return;
    }
    for (const auto& v : *preset.value) sr.voices.push_back(v.id);
  }

  const std::uint64_t job = next_job_++;
  CancelSource& source = running_[job];
  ctx.cancel.on_cancel([source] { source.cancel(); });
  auto progress = progress_.begin(ctx.work_done_token, "CodeCrucible: council", std::to_string(sr.voices.size()) + " voices",
                                  true, [source] { source.cancel(); });
  auto weak = std::weak_ptr<bool>(alive_);
  auto& loop = server_.loop();
  auto streamed = std::make_shared<std::map<std::string, std::size_t>>();
  engine->synthesize(
      std::move(sr),
      [&loop, weak, progress, streamed](const std::string& voice, std::string_view) {
        loop.post([weak, progress, streamed, voice] {
          if (weak.expired()) return;
          std::size_t n = ++(*streamed)[voice];
          if (n == 1 || n % 20 == 0) progress->report(voice + ": " + std::to_string(n) + " tokens");
        });
      },
      [this, &loop, weak, job, progress, reply](gen::SynthesisResult result) {
        loop.post([this, weak, job, progress, reply, result = std::move(result)] {
          if (weak.expired()) return;
          running_.erase(job);
          progress->end();
          if (!result.final.ok()) return fail(reply, result.final);
          std::string md = "# Council (" + std::string(gen::to_string(result.mode)) + ")\n\n" + result.final.text + "\n\n## Voices\n\n";
          for (const auto& a : result.answers) {
            md += "### " + voice_name(a.voice) + (a.contributed ? " (contributed)" : "") + "\n\n";
            md += a.result.ok() ? a.result.text : "*failed: " + a.result.error_message + "*";
            char meta[160];
            std::snprintf(meta, sizeof meta, "\n\n_%s via %s, %.0f ms_\n\n", gen::to_string(a.result.tier),
                          a.result.endpoint.c_str(), a.result.latency_ms);
            md += meta;
          }
          if (!result.note.empty()) md += "> " + result.note + "\n";
          present("Council", md, reply);
        });
      },
      source.token());
}

void AiFeature::present(const std::string& title, const std::string& markdown, Reply reply) {
  json result{{"title", title}, {"markdown", markdown}};
  if (server_.client().showDocument) {
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::path dir = config::user_cache_dir() / "answers";
    fs::create_directories(dir, ec);
    auto stamp = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    std::string name = title.substr(0, title.find(' '));
    fs::path file = dir / (std::to_string(stamp) + "-" + name + ".md");
    std::ofstream(file) << markdown;
    if (!ec && fs::exists(file)) {
      result["file"] = file.string();
      server_.call("window/showDocument", json{{"uri", path_to_uri(file.string())}, {"takeFocus", true}},
                   [](std::optional<json>, std::optional<protocol::LspError>) {});
      reply.result(std::move(result));
      return;
    }
  }
  // No showDocument: the first paragraph as a message, the full text in the log.
  std::string summary = markdown.substr(0, std::min<std::size_t>(markdown.find("\n\n") == std::string::npos ? markdown.size() : markdown.find("\n\n"), 400));
  server_.show_message(MessageType::Info, "CodeCrucible " + title + ": " + summary);
  server_.log_message(MessageType::Info, "CodeCrucible " + title + ":\n" + markdown);
  reply.result(std::move(result));
}

}  // namespace cc::server
