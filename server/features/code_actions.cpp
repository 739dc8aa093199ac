#include "server/features/code_actions.h"

#include <spdlog/spdlog.h>

#include "analysis/lang/language.h"

namespace cc::server {

using protocol::CodeAction;
using protocol::Diagnostic;

bool CodeActionQuery::wants(const std::string& kind) const {
  if (only.empty()) return true;
  for (const auto& o : only)
    if (kind == o || kind.rfind(o + ".", 0) == 0) return true;
  return false;
}

CodeActionFeature::CodeActionFeature(Server& server, DiagnosticsFeature& diagnostics)
    : server_(server), diagnostics_(diagnostics) {
  server_.on_request("textDocument/codeAction",
                     [this](const json& params, Reply reply, const RequestContext&) { on_code_action(params, std::move(reply)); });
  server_.on_command("codecrucible.applyFix",
                     [this](const json& args, Reply reply, const RequestContext&) { on_apply_fix(args, std::move(reply)); });
}

void CodeActionFeature::contribute_capabilities(json& caps) {
  caps["codeActionProvider"] = {
      {"codeActionKinds", {"quickfix", "refactor.rewrite", "source", "source.codecrucible"}},
      {"resolveProvider", true},
  };
}

protocol::WorkspaceEdit CodeActionFeature::make_edit(const Server& server, const std::string& uri, std::int64_t version,
                                                     std::vector<protocol::TextEdit> edits) {
  protocol::WorkspaceEdit edit;
  if (server.client().documentChanges) {
    edit.documentChanges = std::vector<protocol::TextDocumentEdit>{{{uri, version}, std::move(edits)}};
  } else {
    edit.changes[uri] = std::move(edits);
  }
  return edit;
}

namespace {

const char* comment_prefix(analysis::Language lang) {
  switch (lang) {
    case analysis::Language::Python:
    case analysis::Language::Ruby:
    case analysis::Language::Shell: return "#";
    case analysis::Language::Unknown: return nullptr;
    default: return "//";
  }
}

// Does a diagnostic the client sent back refer to this finding? data first, code + line next.
bool refers_to(const Diagnostic& d, const analysis::Finding& f) {
  if (d.data && d.data->is_object() && d.data->contains("rule") && d.data->contains("line")) {
    const json& data = *d.data;
    return data["rule"] == f.rule && data["line"] == f.line;
  }
  return d.code && *d.code == f.rule && d.range.start.line == f.line;
}

}  // namespace

std::optional<CodeAction> CodeActionFeature::fix_for(const DocumentFindings& df, const analysis::Finding& f,
                                                     const Diagnostic& diag) const {
  if (!f.fix) return std::nullopt;
  std::vector<protocol::TextEdit> edits;
  for (const auto& e : f.fix->edits)
    edits.push_back({DiagnosticsFeature::to_range(e.line, e.start_col, e.end_line, e.end_col, *df.snapshot, server_.encoding()),
                     e.new_text});
  CodeAction action;
  action.title = f.fix->title + " [" + f.rule + "]";
  action.kind = "quickfix";
  action.diagnostics = std::vector<Diagnostic>{diag};
  action.isPreferred = true;
  action.edit = make_edit(server_, df.uri, df.version, std::move(edits));
  return action;
}

std::optional<CodeAction> CodeActionFeature::suppression_for(const DocumentFindings& df, const analysis::Finding& f,
                                                             const Diagnostic& diag) const {
  auto lang = analysis::language_from_id(df.snapshot->language_id);
  if (lang == analysis::Language::Unknown) lang = analysis::language_from_path(df.uri);
  const char* prefix = comment_prefix(lang);
  if (!prefix) return std::nullopt;
  // A comment line above the finding, indented like it: safe inside any construct where a
  // trailing comment might not be (continued macros, multi-line strings).
  auto line = static_cast<std::size_t>(f.line);
  if (line >= df.snapshot->lines.line_count()) return std::nullopt;
  std::string_view text = df.snapshot->lines.line_text(df.snapshot->text, line);
  std::string indent(text.substr(0, text.find_first_not_of(" \t") == std::string_view::npos ? 0 : text.find_first_not_of(" \t")));
  std::string eol = "\n";
  std::size_t end = df.snapshot->lines.content_end(df.snapshot->text, line);
  if (end < df.snapshot->text.size() && df.snapshot->text[end] == '\r') eol = (end + 1 < df.snapshot->text.size() && df.snapshot->text[end + 1] == '\n') ? "\r\n" : "\r";
  CodeAction action;
  action.title = "Ignore " + f.rule + " on this line";
  action.kind = "quickfix";
  action.diagnostics = std::vector<Diagnostic>{diag};
  protocol::Position at{f.line, 0};
  action.edit = make_edit(server_, df.uri, df.version,
                          {{{at, at}, indent + prefix + " codecrucible-ignore: " + f.rule + eol}});
  return action;
}

void CodeActionFeature::static_fixes(const CodeActionQuery& q, std::vector<CodeAction>& out) {
  if (!q.wants("quickfix")) return;
  const DocumentFindings* df = diagnostics_.findings(q.uri);
  if (!df) return;
  for (std::size_t i = 0; i < df->findings.size(); ++i) {
    const auto& f = df->findings[i];
    const Diagnostic* match = nullptr;
    for (const auto& d : q.context_diagnostics)
      if (refers_to(d, f)) match = &d;
    bool in_range = f.line >= q.range.start.line && f.line <= q.range.end.line;
    if (!match && !in_range) continue;
    const Diagnostic& diag = match ? *match : df->diagnostics[i];
    if (auto a = fix_for(*df, f, diag)) out.push_back(std::move(*a));
    if (auto a = suppression_for(*df, f, diag)) out.push_back(std::move(*a));
  }
}

void CodeActionFeature::on_code_action(const json& params, Reply reply) {
  CodeActionQuery q;
  q.uri = params.at("textDocument").at("uri").get<std::string>();
  q.range = params.at("range").get<protocol::Range>();
  q.document = server_.documents().find(q.uri);
  if (auto ctx = params.find("context"); ctx != params.end() && ctx->is_object()) {
    if (auto d = ctx->find("diagnostics"); d != ctx->end() && d->is_array())
      for (const auto& item : *d) {
        try {
          q.context_diagnostics.push_back(item.get<Diagnostic>());
        } catch (const nlohmann::json::exception&) {
          // A malformed diagnostic from the client only loses its own match.
        }
      }
    if (auto o = ctx->find("only"); o != ctx->end() && o->is_array())
      for (const auto& k : *o)
        if (k.is_string()) q.only.push_back(k.get<std::string>());
  }
  if (!q.document) {
    reply.result(json::array());
    return;
  }
  std::vector<CodeAction> actions;
  static_fixes(q, actions);
  for (auto& p : providers_) p(q, actions);

  json result = json::array();
  for (auto& a : actions) {
    if (server_.client().codeActionLiterals) {
      result.push_back(a);
    } else if (a.command) {
      result.push_back(*a.command);  // clients without literal support get plain commands
    } else if (a.edit && a.kind == "quickfix" && a.diagnostics && !a.diagnostics->empty()) {
      json data = a.diagnostics->front().data.value_or(json::object());
      result.push_back(protocol::Command{a.title, "codecrucible.applyFix",
                                         json::array({json{{"uri", q.uri}, {"rule", data.value("rule", "")},
                                                           {"line", data.value("line", -1)}, {"title", a.title}}})});
    }
  }
  reply.result(std::move(result));
}

void CodeActionFeature::on_apply_fix(const json& arguments, Reply reply) {
  const json& arg = arguments.is_array() && !arguments.empty() ? arguments[0] : arguments;
  std::string uri = arg.at("uri").get<std::string>();
  std::string rule = arg.at("rule").get<std::string>();
  int line = arg.at("line").get<int>();
  std::string title = arg.value("title", "");
  const DocumentFindings* df = diagnostics_.findings(uri);
  if (!df) {
    reply.error(protocol::ErrorCode::ContentModified, "the document changed or is not analysed yet; try again");
    return;
  }
  for (std::size_t i = 0; i < df->findings.size(); ++i) {
    const auto& f = df->findings[i];
    if (f.rule != rule || f.line != line) continue;
    auto action = title.rfind("Ignore ", 0) == 0 ? suppression_for(*df, f, df->diagnostics[i]) : fix_for(*df, f, df->diagnostics[i]);
    if (!action || !action->edit) break;
    if (!server_.client().applyEdit) {
      reply.error(protocol::ErrorCode::RequestFailed, "the client does not support workspace/applyEdit");
      return;
    }
    server_.call("workspace/applyEdit", json{{"label", action->title}, {"edit", *action->edit}},
                 [reply](std::optional<json> result, std::optional<protocol::LspError> error) {
                   if (error) reply.error(protocol::ErrorCode::RequestFailed, "applyEdit failed: " + error->message);
                   else if (result && result->value("applied", false)) reply.result(nullptr);
                   else reply.error(protocol::ErrorCode::RequestFailed,
                                    "the editor did not apply the fix" +
                                        (result && result->contains("failureReason") ? ": " + result->value("failureReason", "") : std::string()));
                 });
    return;
  }
  reply.error(protocol::ErrorCode::InvalidParams, "no fix for " + rule + " on line " + std::to_string(line + 1));
}

}  // namespace cc::server
