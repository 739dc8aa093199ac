#pragma once
// The language server core: lifecycle, dispatch tables, request/cancel tables, outgoing
// requests, documents and configuration. Features (diagnostics, code actions, AI, ...) plug
// in through the Feature interface and the on_request/on_notification/on_command tables.
//
// Threading: everything here runs on the loop thread. Workers hand results back with
// loop().post(...) and never touch the server directly.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "protocol/cancellation.h"
#include "protocol/document.h"
#include "protocol/frame_decoder.h"
#include "protocol/jsonrpc.h"
#include "protocol/lsp_types.h"
#include "server/event_loop.h"
#include "server/reply.h"
#include "server/signal_watch.h"
#include "server/stdio_transport.h"

namespace cc::server {

using json = nlohmann::json;

enum class Lifecycle { Uninitialized, Initializing, Running, ShuttingDown, Exited };
enum class MessageType { Error = 1, Warning = 2, Info = 3, Log = 4 };

struct ServerOptions {
  int in_fd = 0;
  int out_fd = 1;
  std::optional<long> client_process_id;
  json file_config = json::object();  // user file + --config, already merged
  std::vector<std::string> file_config_warnings;  // shown to the client after initialize
  std::size_t max_pending_client_requests = 100;
  std::optional<std::size_t> analysis_threads;  // default: one per core; 0 = inline (tests)
  // --ollama-url / --openai-url: replace the configured endpoints of that kind (as for `ask`).
  std::optional<std::string> ollama_url;
  std::optional<std::string> openai_url;
};

// A workspace folder of a multi-root workspace, with its own .codecrucible.json.
struct WorkspaceFolder {
  std::string uri;
  std::string path;              // local path of the file:// URI
  json config = json::object();  // its .codecrucible.json (empty when it has none)
};

struct RequestContext {
  json id;
  CancelToken cancel;
  std::optional<json> work_done_token;  // client-initiated progress for this request
};

class Server;

// A feature observes the server's lifecycle and documents and registers its handlers.
class Feature {
 public:
  virtual ~Feature() = default;
  // Adds to the initialize result's `capabilities`.
  virtual void contribute_capabilities(json& /*capabilities*/) {}
  virtual void on_initialized() {}
  virtual void on_document_opened(const protocol::Document&) {}
  virtual void on_document_changed(const protocol::Document&) {}
  virtual void on_document_saved(const protocol::Document&) {}
  virtual void on_document_closed(const std::string& /*uri*/) {}
  virtual void on_config_changed() {}
  // shutdown request or exit: cancel work, stop timers. Pools are joined at destruction.
  virtual void on_shutdown() {}
  // True while work that `codecrucible/sync` must wait for is pending.
  virtual bool busy() const { return false; }
  // Run deferred work now (debounce timers) so `sync` does not wait for them.
  virtual void flush() {}
};

class Server {
 public:
  using RequestHandler = std::function<void(const json& params, Reply reply, const RequestContext& ctx)>;
  using NotificationHandler = std::function<void(const json& params)>;
  using CommandHandler = std::function<void(const json& arguments, Reply reply, const RequestContext& ctx)>;
  using ResponseFn = std::function<void(std::optional<json> result, std::optional<protocol::LspError> error)>;

  Server(EventLoop& loop, ServerOptions options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Reads the input until exit or EOF; returns the process exit code.
  int run();

  // --- registration (before run) ---
  void add_feature(std::unique_ptr<Feature> feature);
  void on_request(std::string method, RequestHandler handler);
  void on_notification(std::string method, NotificationHandler handler);
  void on_command(std::string command, CommandHandler handler);

  // --- outgoing ---
  void notify(const std::string& method, json params);
  // Server→client request; the callback runs once (result, error, or an error when the
  // pending table overflows or the server shuts down).
  void call(const std::string& method, json params, ResponseFn on_response);
  void log_message(MessageType type, const std::string& message);
  void show_message(MessageType type, const std::string& message);
  void log_trace(const std::string& message, const std::string& verbose = {});

  // --- state ---
  EventLoop& loop() { return loop_; }
  protocol::DocumentStore& documents() { return documents_; }
  protocol::PositionEncoding encoding() const { return encoding_; }
  const protocol::ClientCapabilities& client() const { return client_caps_; }
  const json& client_info() const { return client_info_; }
  Lifecycle lifecycle() const { return lifecycle_; }
  const std::optional<std::string>& workspace_root() const { return workspace_root_; }
  // Every workspace folder, in the client's order (the first one is workspace_root()).
  const std::vector<WorkspaceFolder>& workspace_folders() const { return folders_; }
  // The innermost folder holding `uri`, if any.
  const WorkspaceFolder* folder_of(const std::string& uri) const;
  // The merged configuration with `folder`'s .codecrucible.json as the workspace layer
  // (settings() uses the first folder's); nullptr: settings().
  json settings_in(const WorkspaceFolder* folder) const;
  // The merged configuration (files → workspace → initializationOptions → client settings).
  const json& settings() const { return settings_; }
  const std::vector<std::string>& config_warnings() const { return config_warnings_; }
  std::size_t pending_requests() const { return pending_.size(); }
  std::size_t pending_client_requests() const { return outgoing_.size(); }
  const ServerOptions& options() const { return options_; }
  bool shutting_down() const { return lifecycle_ == Lifecycle::ShuttingDown || lifecycle_ == Lifecycle::Exited; }

  // Features call this when their busy() may have turned false (answers `codecrucible/sync`).
  void check_sync_waiters();

  // Feeds raw input bytes (the transport calls this; tests may too).
  void on_bytes(std::string_view bytes);
  void on_eof();

 private:
  static constexpr std::size_t kLargeDocumentBytes = 8u << 20;  // closing one trims the heap
  static constexpr std::size_t kMaxResyncFileBytes = 256u << 20;  // as large as a frame may be
  struct Pending {
    CancelSource cancel;
    Reply reply;
    std::uint64_t cookie;  // arrival order
  };
  struct Outgoing {
    std::string method;
    ResponseFn on_response;
  };

  void handle_body(const std::string& body);
  // A message nesting past the depth cap: answered (or reported) from its top levels.
  void handle_too_deep(const json& top_levels, const std::string& why);
  void handle_request(protocol::Incoming& in);
  void handle_notification(protocol::Incoming& in);
  void handle_response(protocol::Incoming& in);
  void send(const json& message);
  void write_frame(const std::string& body);  // the one place frames reach the transport
  void send_response(const json& id, std::optional<json> result, std::optional<protocol::LspError> error);

  // Built-in handlers.
  void on_initialize(const json& params, Reply reply);
  void on_initialized();
  void on_shutdown(Reply reply);
  void on_exit();
  void on_did_open(const json& params);
  void on_did_change(const json& params);
  void on_did_save(const json& params);
  void on_did_close(const json& params);
  void on_cancel_request(const json& params);
  void on_set_trace(const json& params);
  void on_did_change_configuration(const json& params);
  void on_did_change_workspace_folders(const json& params);
  void add_workspace_folder(const std::string& uri);
  // workspace_root_ and the first folder's configuration follow folders_.
  void workspace_folders_changed();
  void on_execute_command(const json& params, Reply reply, const RequestContext& ctx);
  void on_sync(Reply reply);
  // An edit that cannot apply: the document is dropped, the user told once, and it comes
  // back on the next full-text change, didSave (read from disk) or didOpen.
  void lose_sync(const std::string& uri, const std::string& language_id, std::int64_t version, const std::string& why);
  bool resync_from_full_text(const std::string& uri, std::int64_t version,
                             std::vector<protocol::ContentChange>& changes);
  void resync_from_save(const std::string& uri, const json& params);
  void reopen_resynced(const std::string& uri);
  // Shows configuration warnings not shown before (layers are re-read on every change).
  void show_config_warnings(const std::vector<std::string>& warnings);
  void pull_client_configuration();
  void set_client_settings(const json& settings);
  void recompute_settings();
  json merged_settings(const json& workspace_layer) const;  // files → workspace → init → client
  void watch_parent_process(long pid);
  void begin_exit(int code);
  void cancel_everything(const char* why);

  EventLoop& loop_;
  ServerOptions options_;
  StdioTransport transport_;
  protocol::FrameDecoder decoder_;
  protocol::DocumentStore documents_;
  std::vector<std::unique_ptr<Feature>> features_;
  std::unordered_map<std::string, RequestHandler> requests_;
  std::unordered_map<std::string, NotificationHandler> notifications_;
  std::map<std::string, CommandHandler> commands_;
  std::unordered_map<std::string, Pending> pending_;  // by protocol::id_key
  std::map<std::int64_t, Outgoing> outgoing_;
  std::int64_t next_outgoing_id_ = 1;
  std::uint64_t next_cookie_ = 1;
  Lifecycle lifecycle_ = Lifecycle::Uninitialized;
  int exit_code_ = 1;
  protocol::PositionEncoding encoding_ = protocol::PositionEncoding::Utf16;
  protocol::ClientCapabilities client_caps_;
  json client_info_ = json::object();
  std::string trace_ = "off";
  std::optional<std::string> workspace_root_;
  json workspace_config_ = json::object();
  std::vector<WorkspaceFolder> folders_;
  json init_options_ = json::object();
  json client_settings_ = json::object();
  json settings_ = json::object();
  std::vector<std::string> config_warnings_;
  std::set<std::string> shown_config_warnings_;
  struct Desynced {
    std::string language_id;
    std::int64_t version = 0;
  };
  std::map<std::string, Desynced> desynced_;  // dropped documents, until resynchronised
  std::vector<Reply> sync_waiters_;
  std::unique_ptr<Timer> parent_watch_;
  std::unique_ptr<SignalWatch> signals_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

// Converts a file:// URI to a local path (percent-decoded); nullopt for other schemes.
std::optional<std::string> uri_to_path(const std::string& uri);
std::string path_to_uri(const std::string& path);

}  // namespace cc::server
