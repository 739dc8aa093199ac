#include "server/server.h"

#include <malloc.h>
#include <signal.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <limits>

#include <spdlog/spdlog.h>

#include "protocol/json_input.h"
#include "protocol/json_wire.h"
#include "protocol/untrusted_file.h"
#include "server/config.h"
#include "server/config_keys.h"
#include "server/version.h"

namespace cc::server {

using protocol::ErrorCode;
using protocol::Incoming;
using protocol::LspError;

namespace {

// nlohmann exceptions stay at this boundary: a handler that reads params with .at()/.get()
// gets InvalidParams with the library's description instead of a crash.
template <typename Fn>
std::optional<LspError> guarded(Fn&& fn) {
  try {
    fn();
    return std::nullopt;
  } catch (const nlohmann::json::exception& e) {
    return LspError{ErrorCode::InvalidParams, std::string("invalid params: ") + e.what(), std::nullopt};
  } catch (const std::exception& e) {
    return LspError{ErrorCode::InternalError, std::string("internal error: ") + e.what(), std::nullopt};
  }
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::optional<std::string> uri_to_path(const std::string& uri) {
  static constexpr std::string_view kScheme = "file://";
  if (uri.rfind(kScheme, 0) != 0) return std::nullopt;
  std::string rest = uri.substr(kScheme.size());
  // file://host/path: only local (empty or localhost) hosts are paths here.
  if (!rest.empty() && rest[0] != '/') {
    auto slash = rest.find('/');
    if (slash == std::string::npos || rest.substr(0, slash) != "localhost") return std::nullopt;
    rest = rest.substr(slash);
  }
  std::string out;
  out.reserve(rest.size());
  for (std::size_t i = 0; i < rest.size(); ++i) {
    if (rest[i] == '%' && i + 2 < rest.size() && hex_value(rest[i + 1]) >= 0 && hex_value(rest[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex_value(rest[i + 1]) * 16 + hex_value(rest[i + 2])));
      i += 2;
    } else {
      out.push_back(rest[i]);
    }
  }
  return out;
}

std::string path_to_uri(const std::string& path) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out = "file://";
  for (unsigned char c : path) {
    if (std::isalnum(c) || std::string_view("/-._~").find(static_cast<char>(c)) != std::string_view::npos) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

Server::Server(EventLoop& loop, ServerOptions options)
    : loop_(loop), options_(std::move(options)), transport_(loop, options_.in_fd, options_.out_fd) {
  config_warnings_ = options_.file_config_warnings;
  recompute_settings();
}

Server::~Server() {
  *alive_ = false;
  // Features go first: they own pools whose tasks post back into the loop.
  features_.clear();
}

void Server::add_feature(std::unique_ptr<Feature> feature) { features_.push_back(std::move(feature)); }
void Server::on_request(std::string method, RequestHandler handler) { requests_[std::move(method)] = std::move(handler); }
void Server::on_notification(std::string method, NotificationHandler handler) {
  notifications_[std::move(method)] = std::move(handler);
}
void Server::on_command(std::string command, CommandHandler handler) { commands_[std::move(command)] = std::move(handler); }

int Server::run() {
  if (options_.client_process_id) watch_parent_process(*options_.client_process_id);
  // A termination signal or a client that closed our output ends the session the way EOF
  // does: replies already queued are flushed, the exit code follows the lifecycle.
  signals_ = std::make_unique<SignalWatch>(loop_, std::initializer_list<int>{SIGTERM, SIGINT, SIGHUP}, [this](int signum) {
    spdlog::warn("received {}; exiting", ::strsignal(signum));
    begin_exit(lifecycle_ == Lifecycle::ShuttingDown ? 0 : 1);
  });
  auto weak = std::weak_ptr<bool>(alive_);
  auto on_broken = [this, weak] {
    loop_.post([this, weak] {  // not inside the write that noticed it
      if (weak.expired()) return;
      spdlog::warn("the client closed the server's output; exiting");
      begin_exit(lifecycle_ == Lifecycle::ShuttingDown ? 0 : 1);
    });
  };
  std::string err = transport_.start([this](std::string_view bytes) { on_bytes(bytes); }, [this] { on_eof(); }, on_broken);
  if (!err.empty()) {
    spdlog::error("{}", err);
    return 1;
  }
  loop_.run();
  return exit_code_;
}

// ---------------------------------------------------------------- input

void Server::on_bytes(std::string_view bytes) {
  if (lifecycle_ == Lifecycle::Exited) return;
  std::vector<protocol::FrameEvent> events;
  decoder_.feed(bytes, events);
  for (auto& e : events) {
    if (lifecycle_ == Lifecycle::Exited) return;
    if (e.kind == protocol::FrameEvent::Kind::Error) {
      spdlog::error("framing error: {}", e.text);
      continue;
    }
    handle_body(e.text);
  }
}

void Server::on_eof() {
  if (lifecycle_ == Lifecycle::Exited) return;
  std::vector<protocol::FrameEvent> events;
  decoder_.finish(events);
  for (auto& e : events) spdlog::error("framing error at end of input: {}", e.text);
  // EOF counts as exit: 0 when shutdown came first (clients that close the pipe after
  // shutdown without sending exit), 1 otherwise.
  spdlog::info("input closed");
  begin_exit(lifecycle_ == Lifecycle::ShuttingDown ? 0 : 1);
}

void Server::handle_body(const std::string& body) {
  protocol::JsonInput parsed = protocol::parse_untrusted_json(body);
  if (parsed.too_deep) {
    handle_too_deep(parsed.value, parsed.error);
    return;
  }
  if (!parsed.ok()) {
    spdlog::error("body is not valid JSON ({} bytes): {}", body.size(), parsed.error);
    send_response(nullptr, std::nullopt,
                  LspError{ErrorCode::ParseError, "message body is not valid JSON: " + parsed.error, std::nullopt});
    return;
  }
  if (parsed.repaired)
    spdlog::debug("{} invalid character(s) in a message (lone UTF-16 surrogate, invalid UTF-8 or raw control "
                 "character) replaced by U+FFFD",
                 parsed.repaired);
  json message = std::move(parsed.value);
  if (spdlog::should_log(spdlog::level::debug)) spdlog::debug("<<< {}", protocol::dump_for_log(message));
  // Only answer an invalid message that could have been a request (an id, or no id at all
  // but not a notification we can recognise); never answer a notification.
  const bool answerable = !message.is_object() || message.contains("id") || !message.contains("method");
  Incoming in = protocol::classify(std::move(message));
  switch (in.kind) {
    case Incoming::Kind::Request: handle_request(in); break;
    case Incoming::Kind::Notification: handle_notification(in); break;
    case Incoming::Kind::Response: handle_response(in); break;
    case Incoming::Kind::Invalid:
      spdlog::error("invalid message: {}", in.error->message);
      if (answerable) send_response(in.id, std::nullopt, *in.error);
      break;
  }
}

void Server::handle_too_deep(const json& top, const std::string& why) {
  spdlog::error("a message {}; not processed", why);
  const json* method = top.is_object() && top.contains("method") && top["method"].is_string() ? &top["method"] : nullptr;
  json id = top.is_object() && top.contains("id") ? top["id"] : json();
  const bool valid_id = id.is_number_integer() || id.is_string();
  if (method && !top.contains("id")) {  // a notification: nobody to answer; an edit lost must not go unnoticed
    const std::string name = method->get<std::string>();
    if (lifecycle_ == Lifecycle::Uninitialized) return;  // nothing may precede the initialize reply
    log_message(MessageType::Error, "codecrucible: a '" + name + "' notification " + why + "; ignored");
    if (name == "textDocument/didChange" && top.contains("params") && top["params"].is_object()) {
      const json& params = top["params"];
      if (auto td = params.find("textDocument"); td != params.end() && td->is_object() && td->contains("uri") &&
                                                  (*td)["uri"].is_string()) {
        const std::string uri = (*td)["uri"].get<std::string>();
        if (const auto* doc = documents_.find(uri)) {
          const std::string language = doc->language_id();
          const std::int64_t version = doc->version();
          documents_.close(uri);
          lose_sync(uri, language, version, "an edit to " + uri + " " + why);
        }
      }
    }
    return;
  }
  if (!method && valid_id && lifecycle_ != Lifecycle::Exited) {  // the client's answer to one of our requests
    Incoming in;
    in.kind = Incoming::Kind::Response;
    in.id = id;
    in.error = LspError{ErrorCode::InvalidRequest, "the client's answer " + why, std::nullopt};
    handle_response(in);
    return;
  }
  send_response(valid_id ? id : json(), std::nullopt, LspError{ErrorCode::InvalidRequest, "message " + why, std::nullopt});
}

void Server::handle_request(Incoming& in) {
  if (spdlog::should_log(spdlog::level::info)) spdlog::info("<-- {}({})", in.method, in.id.dump());
  if (trace_ != "off") log_trace("Received request '" + in.method + " - (" + in.id.dump() + ")'.", trace_ == "verbose" ? protocol::dump_for_log(in.params) : "");

  const std::string key = protocol::id_key(in.id);
  if (pending_.count(key)) {
    send_response(in.id, std::nullopt, LspError{ErrorCode::InvalidRequest, "a request with this id is still pending", std::nullopt});
    return;
  }
  auto weak = std::weak_ptr<bool>(alive_);
  const std::uint64_t cookie = next_cookie_++;
  Reply reply(in.id, in.method, [this, weak, key, cookie](const json& id, std::optional<json> result, std::optional<LspError> error) {
    if (weak.expired()) return;
    auto it = pending_.find(key);
    if (it != pending_.end() && it->second.cookie == cookie) pending_.erase(it);
    send_response(id, std::move(result), std::move(error));
    check_sync_waiters();
  });

  // Lifecycle gate.
  if (in.method == "initialize") {
    if (lifecycle_ != Lifecycle::Uninitialized) {
      reply.error(ErrorCode::InvalidRequest, "initialize may only be sent once");
      return;
    }
  } else if (lifecycle_ == Lifecycle::Uninitialized) {
    reply.error(ErrorCode::ServerNotInitialized, "the server has not been initialized");
    return;
  } else if (lifecycle_ == Lifecycle::ShuttingDown || lifecycle_ == Lifecycle::Exited) {
    reply.error(ErrorCode::InvalidRequest, "the server is shutting down; only 'exit' is accepted");
    return;
  }

  Pending& pending = pending_[key];
  pending.reply = reply;
  pending.cookie = cookie;
  RequestContext ctx{in.id, pending.cancel.token(), std::nullopt};
  if (in.params.is_object()) {
    if (auto t = in.params.find("workDoneToken"); t != in.params.end() && (t->is_string() || t->is_number_integer()))
      ctx.work_done_token = *t;
  }

  std::optional<LspError> failure;
  if (in.method == "initialize") {
    failure = guarded([&] { on_initialize(in.params, reply); });
  } else if (in.method == "shutdown") {
    on_shutdown(reply);
  } else if (in.method == "workspace/executeCommand") {
    failure = guarded([&] { on_execute_command(in.params, reply, ctx); });
  } else if (in.method == "codecrucible/sync") {
    on_sync(reply);
  } else if (auto it = requests_.find(in.method); it != requests_.end()) {
    failure = guarded([&] { it->second(in.params, reply, ctx); });
  } else {
    reply.error(ErrorCode::MethodNotFound, "method not found: " + in.method);
  }
  if (failure && !reply.replied()) reply.error(*failure);
}

void Server::handle_notification(Incoming& in) {
  spdlog::info("<-- {}", in.method);
  if (in.method == "exit") {
    on_exit();
    return;
  }
  if (lifecycle_ == Lifecycle::Uninitialized) {
    spdlog::debug("dropping notification {} before initialize", in.method);
    return;
  }
  if (lifecycle_ == Lifecycle::Exited) return;
  std::optional<LspError> failure = guarded([&] {
    if (in.method == "initialized") on_initialized();
    else if (in.method == "textDocument/didOpen") on_did_open(in.params);
    else if (in.method == "textDocument/didChange") on_did_change(in.params);
    else if (in.method == "textDocument/didSave") on_did_save(in.params);
    else if (in.method == "textDocument/didClose") on_did_close(in.params);
    else if (in.method == "$/cancelRequest") on_cancel_request(in.params);
    else if (in.method == "$/setTrace") on_set_trace(in.params);
    else if (in.method == "workspace/didChangeConfiguration") on_did_change_configuration(in.params);
    else if (in.method == "workspace/didChangeWorkspaceFolders") on_did_change_workspace_folders(in.params);
    else if (auto it = notifications_.find(in.method); it != notifications_.end()) it->second(in.params);
    else spdlog::debug("ignoring notification {}", in.method);  // unknown and $/ notifications
  });
  if (failure) {
    spdlog::error("notification {} failed: {}", in.method, failure->message);
    log_message(MessageType::Error, "codecrucible: " + in.method + ": " + failure->message);
  }
}

void Server::handle_response(Incoming& in) {
  if (!in.id.is_number_integer()) {
    spdlog::warn("response with an id we never sent: {}", in.id.dump());
    return;
  }
  auto it = outgoing_.find(in.id.get<std::int64_t>());
  if (it == outgoing_.end()) {
    spdlog::warn("response to unknown or expired request {}", in.id.dump());
    return;
  }
  Outgoing out = std::move(it->second);
  outgoing_.erase(it);
  spdlog::info("<-- reply:{}({})", out.method, in.id.dump());
  if (in.error) out.on_response(std::nullopt, in.error);
  else out.on_response(in.result, std::nullopt);
}

// ---------------------------------------------------------------- output

void Server::send(const json& message) {
  if (lifecycle_ == Lifecycle::Exited && !message.contains("id")) return;
  write_frame(protocol::dump_wire(message));
}

void Server::write_frame(const std::string& body) {
  if (spdlog::should_log(spdlog::level::debug)) {
    const bool clipped = body.size() > protocol::kLogDumpBytes;
    spdlog::debug(">>> {}{}", std::string_view(body).substr(0, protocol::kLogDumpBytes), clipped ? "…" : "");
  }
  transport_.write(protocol::encode_frame(body));
}

void Server::send_response(const json& id, std::optional<json> result, std::optional<LspError> error) {
  if (error) {
    send(protocol::make_error_response(id, *error));
    return;
  }
  // The hot path: write the envelope around the serialised result instead of building a
  // JSON object (a map with three nodes) only to serialise it again.
  std::string body = R"({"jsonrpc":"2.0","id":)";
  body += id.is_number_integer() ? std::to_string(id.get<std::int64_t>()) : protocol::dump_wire(id);
  body += R"(,"result":)";
  body += result ? protocol::dump_wire(*result) : "null";
  body += '}';
  write_frame(body);
}

void Server::notify(const std::string& method, json params) { send(protocol::make_notification(method, std::move(params))); }

void Server::call(const std::string& method, json params, ResponseFn on_response) {
  if (shutting_down()) {
    on_response(std::nullopt, LspError{ErrorCode::RequestFailed, "server is shutting down", std::nullopt});
    return;
  }
  // Bounded: a client that never answers must not make the table grow forever.
  while (outgoing_.size() >= options_.max_pending_client_requests) {
    auto oldest = outgoing_.begin();
    Outgoing dropped = std::move(oldest->second);
    spdlog::warn("client never answered {}({}); giving up on it", dropped.method, oldest->first);
    outgoing_.erase(oldest);
    dropped.on_response(std::nullopt, LspError{ErrorCode::RequestFailed, "client did not answer in time", std::nullopt});
  }
  std::int64_t id = next_outgoing_id_++;
  outgoing_[id] = Outgoing{method, std::move(on_response)};
  spdlog::info("--> {}({})", method, id);
  send(protocol::make_request(id, method, std::move(params)));
}

void Server::log_message(MessageType type, const std::string& message) {
  notify("window/logMessage", json{{"type", static_cast<int>(type)}, {"message", message}});
}

void Server::show_message(MessageType type, const std::string& message) {
  notify("window/showMessage", json{{"type", static_cast<int>(type)}, {"message", message}});
}

void Server::log_trace(const std::string& message, const std::string& verbose) {
  if (trace_ == "off") return;
  json params{{"message", message}};
  if (trace_ == "verbose" && !verbose.empty()) params["verbose"] = verbose;
  notify("$/logTrace", std::move(params));
}

// ---------------------------------------------------------------- lifecycle

void Server::on_initialize(const json& params, Reply reply) {
  if (!params.is_object()) {
    reply.error(ErrorCode::InvalidParams, "initialize params must be an object");
    return;
  }
  client_caps_ = protocol::parse_client_capabilities(params.value("capabilities", json::object()));
  if (auto ci = params.find("clientInfo"); ci != params.end() && ci->is_object()) client_info_ = *ci;
  if (auto t = params.find("trace"); t != params.end() && t->is_string()) {
    std::string v = t->get<std::string>();
    if (v == "off" || v == "messages" || v == "verbose") trace_ = v;
  }
  if (auto io = params.find("initializationOptions"); io != params.end() && io->is_object()) {
    init_options_ = *io;
    config::check_known_keys(init_options_, "initializationOptions", config_warnings_);
  }

  // Workspace folders (every one), else rootUri, else rootPath.
  if (auto wf = params.find("workspaceFolders"); wf != params.end() && wf->is_array() && !wf->empty()) {
    for (const auto& f : *wf)
      if (f.is_object() && f.contains("uri") && f["uri"].is_string()) add_workspace_folder(f["uri"].get<std::string>());
  } else if (auto ru = params.find("rootUri"); ru != params.end() && ru->is_string()) {
    add_workspace_folder(ru->get<std::string>());
  } else if (auto rp = params.find("rootPath"); rp != params.end() && rp->is_string()) {
    add_workspace_folder(path_to_uri(rp->get<std::string>()));
  }
  workspace_folders_changed();
  if (auto pid = params.find("processId"); pid != params.end() && pid->is_number_integer() && !options_.client_process_id)
    watch_parent_process(pid->get<long>());

  // Position encoding: the first one the client prefers that we support (all three).
  encoding_ = client_caps_.positionEncodings.empty() ? protocol::PositionEncoding::Utf16
                                                     : client_caps_.positionEncodings.front();
  recompute_settings();
  // Workspace file and initializationOptions are new layers: every feature rereads them
  // (clients without workspace/configuration never send another).
  for (auto& f : features_) f->on_config_changed();

  json commands = json::array();
  for (const auto& [name, _] : commands_) commands.push_back(name);
  json caps = {
      {"positionEncoding", protocol::to_string(encoding_)},
      {"textDocumentSync", {{"openClose", true}, {"change", 2}, {"save", {{"includeText", false}}}}},
      {"executeCommandProvider", {{"commands", commands}}},
      {"workspace", {{"workspaceFolders", {{"supported", true}, {"changeNotifications", true}}}}},
  };
  for (auto& f : features_) f->contribute_capabilities(caps);
  json result = {{"capabilities", caps}, {"serverInfo", {{"name", "codecrucible"}, {"version", kVersion}}}};
  // Neovim 0.7 reads the negotiated encoding from the clangd-style extension field.
  if (params.contains("capabilities") && params["capabilities"].is_object() && params["capabilities"].contains("offsetEncoding"))
    result["offsetEncoding"] = protocol::to_string(encoding_);
  lifecycle_ = Lifecycle::Initializing;
  reply.result(std::move(result));
  show_config_warnings(config_warnings_);
}

void Server::show_config_warnings(const std::vector<std::string>& warnings) {
  for (const auto& w : warnings) {
    spdlog::warn("{}", w);
    if (shown_config_warnings_.insert(w).second) log_message(MessageType::Warning, "codecrucible: " + w);
  }
}

void Server::on_initialized() {
  if (lifecycle_ != Lifecycle::Initializing) {
    spdlog::warn("ignoring a repeated 'initialized' notification");
    return;
  }
  lifecycle_ = Lifecycle::Running;
  pull_client_configuration();
  for (auto& f : features_) f->on_initialized();
}

void Server::on_shutdown(Reply reply) {
  lifecycle_ = Lifecycle::ShuttingDown;
  reply.result(nullptr);  // first, so cancelling the other requests does not catch this one
  cancel_everything("server is shutting down");
  for (auto& f : features_) f->on_shutdown();
}

void Server::on_exit() {
  begin_exit(lifecycle_ == Lifecycle::ShuttingDown ? 0 : 1);
}

void Server::begin_exit(int code) {
  if (lifecycle_ == Lifecycle::Exited) return;
  bool was_shutdown = lifecycle_ == Lifecycle::ShuttingDown;
  exit_code_ = code;
  lifecycle_ = Lifecycle::Exited;
  cancel_everything("server is exiting");
  if (!was_shutdown)
    for (auto& f : features_) f->on_shutdown();
  // Fail pending server→client calls so their owners release state.
  auto outgoing = std::move(outgoing_);
  outgoing_.clear();
  for (auto& [id, out] : outgoing) out.on_response(std::nullopt, LspError{ErrorCode::RequestFailed, "server exited", std::nullopt});
  for (auto& r : sync_waiters_) r.result(nullptr);
  sync_waiters_.clear();
  transport_.stop_reading();
  transport_.finish_output();  // every queued reply reaches the client before we exit
  parent_watch_.reset();
  signals_.reset();
  loop_.close();
}

void Server::cancel_everything(const char* why) {
  // Requests still running get RequestCancelled; their workers notice the token.
  auto pending = std::move(pending_);
  pending_.clear();
  std::vector<Pending*> in_arrival_order;
  for (auto& [key, p] : pending) in_arrival_order.push_back(&p);
  std::sort(in_arrival_order.begin(), in_arrival_order.end(), [](auto* a, auto* b) { return a->cookie < b->cookie; });
  for (Pending* p : in_arrival_order) {
    p->cancel.cancel();
    if (!p->reply.replied()) p->reply.error(ErrorCode::RequestCancelled, why);
  }
}

void Server::watch_parent_process(long pid) {
  // kill() takes 0 and negative pids as process groups: those never name the client.
  if (pid <= 0 || pid > std::numeric_limits<pid_t>::max()) {
    spdlog::warn("ignoring processId {}: not a process id", pid);
    return;
  }
  parent_watch_ = std::make_unique<Timer>(loop_);
  parent_watch_->start(
      1000,
      [this, pid] {
        if (::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) {
          spdlog::warn("client process {} is gone; exiting", pid);
          begin_exit(lifecycle_ == Lifecycle::ShuttingDown ? 0 : 1);
        }
      },
      1000);
  parent_watch_->unref();
}

// ---------------------------------------------------------------- documents

namespace {
std::vector<protocol::ContentChange> parse_changes(const json& list) {
  std::vector<protocol::ContentChange> changes;
  for (const auto& c : list) {
    protocol::ContentChange change;
    change.text = c.at("text").get<std::string>();
    if (auto r = c.find("range"); r != c.end() && !r->is_null()) change.range = r->get<protocol::Range>();
    changes.push_back(std::move(change));  // rangeLength is deprecated and ignored
  }
  return changes;
}
}  // namespace

void Server::on_did_open(const json& params) {
  auto item = params.at("textDocument").get<protocol::TextDocumentItem>();
  if (documents_.find(item.uri)) spdlog::warn("didOpen for an already open document {}; replacing it", item.uri);
  desynced_.erase(item.uri);
  auto& doc = documents_.open(item.uri, item.languageId, item.version, std::move(item.text));
  for (auto& f : features_) f->on_document_opened(doc);
}

void Server::on_did_change(const json& params) {
  auto id = params.at("textDocument").get<protocol::VersionedTextDocumentIdentifier>();
  std::vector<protocol::ContentChange> changes;
  try {
    changes = parse_changes(params.at("contentChanges"));
  } catch (const nlohmann::json::exception& e) {
    // An edit we cannot read is an edit the client has and we do not.
    if (const auto* open = documents_.find(id.uri)) {
      const std::string language = open->language_id();
      const std::int64_t version = open->version();
      documents_.close(id.uri);
      lose_sync(id.uri, language, version, "cannot read a didChange for " + id.uri + ": " + e.what());
      return;
    }
    throw;
  }
  auto* doc = documents_.find(id.uri);
  if (!doc) {
    if (auto lost = desynced_.find(id.uri); lost != desynced_.end()) {
      lost->second.version = id.version.value_or(lost->second.version + 1);
      if (!resync_from_full_text(id.uri, lost->second.version, changes))
        spdlog::debug("ignoring an edit to {} until it is resynchronised", id.uri);
      return;
    }
  }
  if (doc && id.version && *id.version <= doc->version())
    spdlog::warn("didChange for {} goes from version {} to {}", id.uri, doc->version(), *id.version);
  const std::string language = doc ? doc->language_id() : std::string();
  const std::int64_t version = id.version.value_or(doc ? doc->version() + 1 : 0);
  if (auto err = documents_.change(id.uri, version, changes, encoding_)) {
    if (doc) {
      lose_sync(id.uri, language, version, *err);
    } else {
      spdlog::error("{}", *err);
      log_message(MessageType::Error, "codecrucible: " + *err);
    }
    return;
  }
  auto* changed = documents_.find(id.uri);
  for (auto& f : features_) f->on_document_changed(*changed);
}

void Server::lose_sync(const std::string& uri, const std::string& language_id, std::int64_t version,
                       const std::string& why) {
  const std::string message = "codecrucible: " + why + "; the document was dropped until it is saved or reopened";
  spdlog::error("{}", message);
  log_message(MessageType::Error, message);
  for (auto& f : features_) f->on_document_closed(uri);  // its diagnostics would sit on the wrong text
  // Shown once per loss: the edits that follow until the resync are ignored quietly.
  if (desynced_.insert_or_assign(uri, Desynced{language_id, version}).second) show_message(MessageType::Warning, message);
}

bool Server::resync_from_full_text(const std::string& uri, std::int64_t version,
                                   std::vector<protocol::ContentChange>& changes) {
  // The last whole-text change re-establishes the document; edits after it apply on top.
  auto full = std::find_if(changes.rbegin(), changes.rend(), [](const auto& c) { return !c.range; });
  if (full == changes.rend()) return false;
  const Desynced lost = desynced_.at(uri);
  std::vector<protocol::ContentChange> rest(full.base(), changes.end());
  documents_.open(uri, lost.language_id, version, std::move(full->text));
  if (auto err = documents_.change(uri, version, rest, encoding_)) {
    lose_sync(uri, lost.language_id, version, *err);
    return true;
  }
  reopen_resynced(uri);
  return true;
}

void Server::resync_from_save(const std::string& uri, const json& params) {
  // After a save the file on disk is the editor's text (or the client sent it along).
  const Desynced lost = desynced_.at(uri);
  std::string text;
  if (auto t = params.find("text"); t != params.end() && t->is_string()) {
    text = t->get<std::string>();
  } else if (auto path = uri_to_path(uri)) {
    auto file = protocol::read_untrusted_file(*path, kMaxResyncFileBytes);
    if (!file.ok()) {
      spdlog::warn("cannot resynchronise {} from disk: {}", uri, file.error);
      return;
    }
    text = std::move(file.text);
  } else {
    return;
  }
  documents_.open(uri, lost.language_id, lost.version, std::move(text));
  reopen_resynced(uri);
}

void Server::reopen_resynced(const std::string& uri) {
  desynced_.erase(uri);
  spdlog::info("{} is resynchronised", uri);
  log_message(MessageType::Info, "codecrucible: " + uri + " is in sync again");
  if (auto* doc = documents_.find(uri))
    for (auto& f : features_) f->on_document_opened(*doc);
}

void Server::on_did_save(const json& params) {
  auto uri = params.at("textDocument").at("uri").get<std::string>();
  if (desynced_.count(uri)) resync_from_save(uri, params);
  if (auto* doc = documents_.find(uri))
    for (auto& f : features_) f->on_document_saved(*doc);
}

void Server::on_did_close(const json& params) {
  auto uri = params.at("textDocument").at("uri").get<std::string>();
  const protocol::Document* doc = documents_.find(uri);
  const std::size_t size = doc ? doc->text().size() : 0;
  const bool was_desynced = desynced_.erase(uri) != 0;
  if (!documents_.close(uri) && !was_desynced) spdlog::warn("didClose for a document that is not open: {}", uri);
  for (auto& f : features_) f->on_document_closed(uri);
  // glibc keeps freed memory of huge documents mapped in its arenas (a closed 100 MB document
  // left RSS at 229 MB); hand it back to the system.
  if (size >= kLargeDocumentBytes) ::malloc_trim(0);
}

// ---------------------------------------------------------------- misc protocol

void Server::on_cancel_request(const json& params) {
  auto it = pending_.find(protocol::id_key(params.at("id")));
  if (it == pending_.end()) return;  // already answered: nothing to do
  spdlog::info("cancelling {}({})", it->second.reply.method(), params.at("id").dump());
  Pending p = std::move(it->second);
  pending_.erase(it);
  p.cancel.cancel();  // workers stop at their next check; HTTP streams abort
  // Answer now: the worker's late reply is dropped by the reply-once guard.
  p.reply.error(ErrorCode::RequestCancelled, "request cancelled");
}

void Server::on_set_trace(const json& params) {
  std::string v = params.at("value").get<std::string>();
  if (v != "off" && v != "messages" && v != "verbose") throw std::invalid_argument("unknown trace value '" + v + "'");
  trace_ = v;
}

void Server::on_execute_command(const json& params, Reply reply, const RequestContext& ctx) {
  std::string command = params.at("command").get<std::string>();
  auto it = commands_.find(command);
  if (it == commands_.end()) {
    reply.error(ErrorCode::InvalidParams, "unknown command: " + command);
    return;
  }
  json args = params.value("arguments", json::array());
  it->second(args, reply, ctx);
}

void Server::on_sync(Reply reply) {
  for (auto& f : features_) f->flush();
  sync_waiters_.push_back(std::move(reply));
  check_sync_waiters();
}

void Server::check_sync_waiters() {
  if (sync_waiters_.empty()) return;
  for (const auto& f : features_)
    if (f->busy()) return;
  auto waiters = std::move(sync_waiters_);
  sync_waiters_.clear();
  for (auto& r : waiters) r.result(nullptr);
}

// ---------------------------------------------------------------- configuration

void Server::on_did_change_configuration(const json& params) {
  const json& settings = params.is_object() && params.contains("settings") ? params["settings"] : json();
  if (settings.is_object() && settings.contains("codecrucible") && settings["codecrucible"].is_object()) {
    set_client_settings(settings["codecrucible"]);
  } else {
    // Pull-model clients send an empty notification: ask for the section.
    pull_client_configuration();
  }
}

// ---------------------------------------------------------------- workspace folders

void Server::add_workspace_folder(const std::string& uri) {
  auto path = uri_to_path(uri);
  if (!path || path->empty()) {
    spdlog::warn("workspace folder {} is not a local path; ignored", uri);
    return;
  }
  for (const auto& f : folders_)
    if (f.uri == uri) return;
  WorkspaceFolder folder{uri, *path, json::object()};
  while (folder.path.size() > 1 && folder.path.back() == '/') folder.path.pop_back();
  std::vector<std::string> warnings;
  auto file = std::filesystem::path(folder.path) / ".codecrucible.json";
  if (auto j = config::read_json_file(file, warnings, /*required=*/false)) folder.config = *j;
  for (auto& w : warnings) {
    if (lifecycle_ != Lifecycle::Uninitialized) log_message(MessageType::Warning, "codecrucible: " + w);
    config_warnings_.push_back(std::move(w));
  }
  folders_.push_back(std::move(folder));
}

void Server::workspace_folders_changed() {
  workspace_root_.reset();
  workspace_config_ = json::object();
  if (!folders_.empty()) {
    workspace_root_ = folders_.front().path;
    workspace_config_ = folders_.front().config;
  }
}

void Server::on_did_change_workspace_folders(const json& params) {
  const json& event = params.at("event");
  for (const auto& f : event.value("removed", json::array())) {
    std::string uri = f.at("uri").get<std::string>();
    folders_.erase(std::remove_if(folders_.begin(), folders_.end(), [&](const WorkspaceFolder& w) { return w.uri == uri; }),
                   folders_.end());
  }
  for (const auto& f : event.value("added", json::array())) add_workspace_folder(f.at("uri").get<std::string>());
  workspace_folders_changed();
  recompute_settings();
  for (auto& f : features_) f->on_config_changed();
}

const WorkspaceFolder* Server::folder_of(const std::string& uri) const {
  auto path = uri_to_path(uri);
  if (!path) return nullptr;
  const WorkspaceFolder* best = nullptr;
  for (const auto& f : folders_) {
    bool inside = *path == f.path || (path->rfind(f.path, 0) == 0 && (f.path == "/" || (*path)[f.path.size()] == '/'));
    if (inside && (!best || f.path.size() > best->path.size())) best = &f;
  }
  return best;
}

json Server::settings_in(const WorkspaceFolder* folder) const {
  if (!folder || folders_.empty() || folder == &folders_.front()) return settings_;
  return merged_settings(folder->config);
}

void Server::pull_client_configuration() {
  if (!client_caps_.configuration) return;
  auto weak = std::weak_ptr<bool>(alive_);
  call("workspace/configuration", json{{"items", json::array({json{{"section", "codecrucible"}}})}},
       [this, weak](std::optional<json> result, std::optional<LspError> error) {
         if (weak.expired() || lifecycle_ == Lifecycle::Exited) return;
         if (error || !result || !result->is_array() || result->empty()) return;
         const json& section = (*result)[0];
         if (!section.is_object()) return;  // null: the client has no settings for us
         set_client_settings(section);
       });
}

void Server::set_client_settings(const json& settings) {
  client_settings_ = settings;
  std::vector<std::string> warnings;
  config::check_known_keys(client_settings_, "client settings", warnings);
  show_config_warnings(warnings);
  recompute_settings();
  for (auto& f : features_) f->on_config_changed();
}

void Server::recompute_settings() { settings_ = merged_settings(workspace_config_); }

json Server::merged_settings(const json& workspace_layer) const {
  json merged = json::object();
  config::merge_layer(merged, options_.file_config);
  config::merge_layer(merged, workspace_layer);
  config::merge_layer(merged, init_options_);
  config::merge_layer(merged, client_settings_);
  return merged;
}

}  // namespace cc::server
