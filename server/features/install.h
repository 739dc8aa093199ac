#pragma once
// Installs every feature (diagnostics, code actions, AI, completion, workspace, status)
// into a server. One place that knows the full feature set.
namespace cc::server {
class Server;
void install_features(Server& server);
}  // namespace cc::server
