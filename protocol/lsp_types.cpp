#include "protocol/lsp_types.h"

namespace cc::protocol {

void to_json(json& j, const Position& p) { j = json{{"line", p.line}, {"character", p.character}}; }
void from_json(const json& j, Position& p) {
  j.at("line").get_to(p.line);
  j.at("character").get_to(p.character);
}
void to_json(json& j, const Range& r) { j = json{{"start", r.start}, {"end", r.end}}; }
void from_json(const json& j, Range& r) {
  j.at("start").get_to(r.start);
  j.at("end").get_to(r.end);
}

void from_json(const json& j, TextDocumentItem& d) {
  j.at("uri").get_to(d.uri);
  j.at("languageId").get_to(d.languageId);
  j.at("version").get_to(d.version);
  j.at("text").get_to(d.text);
}

void to_json(json& j, const VersionedTextDocumentIdentifier& d) {
  j = json{{"uri", d.uri}, {"version", d.version ? json(*d.version) : json(nullptr)}};
}
void from_json(const json& j, VersionedTextDocumentIdentifier& d) {
  j.at("uri").get_to(d.uri);
  get_optional(j, "version", d.version);
}

void to_json(json& j, const TextEdit& e) { j = json{{"range", e.range}, {"newText", e.newText}}; }
void from_json(const json& j, TextEdit& e) {
  j.at("range").get_to(e.range);
  j.at("newText").get_to(e.newText);
}

void to_json(json& j, const TextDocumentEdit& e) { j = json{{"textDocument", e.textDocument}, {"edits", e.edits}}; }

void to_json(json& j, const WorkspaceEdit& e) {
  j = json::object();
  if (e.documentChanges) {
    j["documentChanges"] = *e.documentChanges;
  } else {
    j["changes"] = json::object();
    for (const auto& [uri, edits] : e.changes) j["changes"][uri] = edits;
  }
}

void to_json(json& j, const Command& c) {
  j = json{{"title", c.title}, {"command", c.command}};
  set_optional(j, "arguments", c.arguments);
}
void from_json(const json& j, Command& c) {
  j.at("title").get_to(c.title);
  j.at("command").get_to(c.command);
  get_optional(j, "arguments", c.arguments);
}

void to_json(json& j, const Diagnostic& d) {
  j = json{{"range", d.range}, {"message", d.message}};
  if (d.severity) j["severity"] = static_cast<int>(*d.severity);
  set_optional(j, "code", d.code);
  if (d.codeDescriptionHref) j["codeDescription"] = json{{"href", *d.codeDescriptionHref}};
  set_optional(j, "source", d.source);
  set_optional(j, "data", d.data);
  if (!d.relatedInformation.empty()) {
    json related = json::array();
    for (const auto& r : d.relatedInformation)
      related.push_back({{"location", {{"uri", r.uri}, {"range", r.range}}}, {"message", r.message}});
    j["relatedInformation"] = std::move(related);
  }
}
void from_json(const json& j, Diagnostic& d) {
  j.at("range").get_to(d.range);
  j.at("message").get_to(d.message);
  if (auto it = j.find("severity"); it != j.end() && it->is_number_integer())
    d.severity = static_cast<DiagnosticSeverity>(it->get<int>());
  if (auto it = j.find("code"); it != j.end()) {
    if (it->is_string()) d.code = it->get<std::string>();
    else if (it->is_number_integer()) d.code = std::to_string(it->get<long long>());
  }
  if (auto it = j.find("source"); it != j.end() && it->is_string()) d.source = it->get<std::string>();
  if (auto it = j.find("data"); it != j.end()) d.data = *it;
}

void to_json(json& j, const CodeAction& a) {
  j = json{{"title", a.title}};
  set_optional(j, "kind", a.kind);
  set_optional(j, "diagnostics", a.diagnostics);
  set_optional(j, "isPreferred", a.isPreferred);
  if (a.disabledReason) j["disabled"] = json{{"reason", *a.disabledReason}};
  set_optional(j, "edit", a.edit);
  set_optional(j, "command", a.command);
  set_optional(j, "data", a.data);
}

namespace {
// Follows a path of object keys; null when any step is missing or not an object.
const json& dig(const json& j, std::initializer_list<const char*> path) {
  static const json kNull;
  const json* cur = &j;
  for (const char* key : path) {
    if (!cur->is_object()) return kNull;
    auto it = cur->find(key);
    if (it == cur->end()) return kNull;
    cur = &*it;
  }
  return *cur;
}
bool flag(const json& j, std::initializer_list<const char*> path) {
  const json& v = dig(j, path);
  return v.is_boolean() && v.get<bool>();
}
bool contains_string(const json& list, const char* value) {
  if (!list.is_array()) return false;
  for (const auto& v : list)
    if (v.is_string() && v.get<std::string>() == value) return true;
  return false;
}
}  // namespace

ClientCapabilities parse_client_capabilities(const json& c) {
  ClientCapabilities caps;
  const json& encodings = dig(c, {"general", "positionEncodings"});
  if (encodings.is_array()) {
    for (const auto& e : encodings)
      if (e.is_string())
        if (auto enc = parse_position_encoding(e.get<std::string>())) caps.positionEncodings.push_back(*enc);
  }
  // Neovim 0.7 and older clangd clients use the offsetEncoding extension.
  const json& offset = dig(c, {"offsetEncoding"});
  if (caps.positionEncodings.empty() && offset.is_array()) {
    for (const auto& e : offset)
      if (e.is_string())
        if (auto enc = parse_position_encoding(e.get<std::string>())) caps.positionEncodings.push_back(*enc);
  }
  caps.workDoneProgress = flag(c, {"window", "workDoneProgress"});
  caps.showDocument = flag(c, {"window", "showDocument", "support"});
  caps.showMessageRequest = dig(c, {"window", "showMessage"}).is_object();
  caps.applyEdit = flag(c, {"workspace", "applyEdit"});
  caps.documentChanges = flag(c, {"workspace", "workspaceEdit", "documentChanges"});
  caps.configuration = flag(c, {"workspace", "configuration"});
  caps.didChangeConfigurationDynamic = flag(c, {"workspace", "didChangeConfiguration", "dynamicRegistration"});
  caps.didChangeWatchedFilesDynamic = flag(c, {"workspace", "didChangeWatchedFiles", "dynamicRegistration"});
  caps.codeActionLiterals = dig(c, {"textDocument", "codeAction", "codeActionLiteralSupport"}).is_object();
  caps.codeActionResolveEdit =
      contains_string(dig(c, {"textDocument", "codeAction", "resolveSupport", "properties"}), "edit");
  caps.codeActionDataSupport = flag(c, {"textDocument", "codeAction", "dataSupport"});
  caps.codeActionDisabledSupport = flag(c, {"textDocument", "codeAction", "disabledSupport"});
  caps.publishDiagnosticsVersion = flag(c, {"textDocument", "publishDiagnostics", "versionSupport"});
  caps.diagnosticRelatedInformation = flag(c, {"textDocument", "publishDiagnostics", "relatedInformation"});
  caps.codeDescription = flag(c, {"textDocument", "publishDiagnostics", "codeDescriptionSupport"});
  caps.pullDiagnostics = dig(c, {"textDocument", "diagnostic"}).is_object();
  caps.diagnosticRefresh = flag(c, {"workspace", "diagnostics", "refreshSupport"});
  caps.workspaceFolders = flag(c, {"workspace", "workspaceFolders"});
  caps.inlineCompletion = dig(c, {"textDocument", "inlineCompletion"}).is_object();
  caps.completionSnippets = flag(c, {"textDocument", "completion", "completionItem", "snippetSupport"});
  return caps;
}

}  // namespace cc::protocol
