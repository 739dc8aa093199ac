#pragma once
// LSP 3.17 structures the server uses, with to_json/from_json beside each type (ADL).
// Field names follow the wire names; absent optionals are omitted, never written as null.
// from_json throws nlohmann::json::exception on a type mismatch: the dispatcher catches it
// at the boundary and answers InvalidParams.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "protocol/positions.h"

namespace cc::protocol {

using json = nlohmann::json;

template <typename T>
void set_optional(json& j, const char* key, const std::optional<T>& value) {
  if (value) j[key] = *value;
}
template <typename T>
void get_optional(const json& j, const char* key, std::optional<T>& value) {
  if (auto it = j.find(key); it != j.end() && !it->is_null()) value = it->template get<T>();
}

void to_json(json& j, const Position& p);
void from_json(const json& j, Position& p);
void to_json(json& j, const Range& r);
void from_json(const json& j, Range& r);

struct TextDocumentItem {
  std::string uri;
  std::string languageId;
  std::int64_t version = 0;
  std::string text;
};
void from_json(const json& j, TextDocumentItem& d);

struct VersionedTextDocumentIdentifier {
  std::string uri;
  std::optional<std::int64_t> version;  // null in OptionalVersioned form
};
void to_json(json& j, const VersionedTextDocumentIdentifier& d);
void from_json(const json& j, VersionedTextDocumentIdentifier& d);

struct TextEdit {
  Range range;
  std::string newText;
};
void to_json(json& j, const TextEdit& e);
void from_json(const json& j, TextEdit& e);

struct TextDocumentEdit {
  VersionedTextDocumentIdentifier textDocument;
  std::vector<TextEdit> edits;
};
void to_json(json& j, const TextDocumentEdit& e);

// Either `changes` or `documentChanges` is used, per the client's capability.
struct WorkspaceEdit {
  std::map<std::string, std::vector<TextEdit>> changes;
  std::optional<std::vector<TextDocumentEdit>> documentChanges;
};
void to_json(json& j, const WorkspaceEdit& e);

struct Command {
  std::string title;
  std::string command;
  std::optional<json> arguments;
};
void to_json(json& j, const Command& c);
void from_json(const json& j, Command& c);

enum class DiagnosticSeverity { Error = 1, Warning = 2, Information = 3, Hint = 4 };

struct DiagnosticRelatedInformation {
  std::string uri;
  Range range;
  std::string message;
};

struct Diagnostic {
  Range range;
  std::optional<DiagnosticSeverity> severity;
  std::optional<std::string> code;
  std::optional<std::string> codeDescriptionHref;  // codeDescription.href
  std::optional<std::string> source;
  std::string message;
  std::optional<json> data;
  std::vector<DiagnosticRelatedInformation> relatedInformation;  // omitted when empty
};
void to_json(json& j, const Diagnostic& d);
void from_json(const json& j, Diagnostic& d);

struct CodeAction {
  std::string title;
  std::optional<std::string> kind;
  std::optional<std::vector<Diagnostic>> diagnostics;
  std::optional<bool> isPreferred;
  std::optional<std::string> disabledReason;  // disabled.reason
  std::optional<WorkspaceEdit> edit;
  std::optional<Command> command;
  std::optional<json> data;
};
void to_json(json& j, const CodeAction& a);

// The parts of ClientCapabilities the server acts on, read defensively (unknown or
// malformed capabilities never fail initialize).
struct ClientCapabilities {
  std::vector<PositionEncoding> positionEncodings;  // client preference order
  bool workDoneProgress = false;
  bool showDocument = false;
  bool showMessageRequest = false;
  bool applyEdit = false;
  bool documentChanges = false;
  bool configuration = false;
  bool didChangeConfigurationDynamic = false;
  bool didChangeWatchedFilesDynamic = false;  // workspace/didChangeWatchedFiles registration
  bool codeActionLiterals = false;
  bool codeActionResolveEdit = false;
  bool codeActionDataSupport = false;
  bool codeActionDisabledSupport = false;
  bool publishDiagnosticsVersion = false;
  bool pullDiagnostics = false;
  bool diagnosticRefresh = false;  // workspace/diagnostic/refresh
  bool workspaceFolders = false;   // workspace/didChangeWorkspaceFolders
  bool inlineCompletion = false;
  bool completionSnippets = false;
  bool diagnosticRelatedInformation = false;
  bool codeDescription = false;
};
ClientCapabilities parse_client_capabilities(const json& capabilities);

}  // namespace cc::protocol
