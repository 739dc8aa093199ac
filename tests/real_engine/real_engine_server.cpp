#include "real_engine_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <httplib.h>

namespace cc::test {
namespace {

namespace fs = std::filesystem;

const fs::path kEngineDir = CC_REAL_ENGINE_DIR;
const char* const kNode = CC_NODE_EXECUTABLE;

std::string unique_log_path() {
  auto dir = fs::temp_directory_path() / "codecrucible-real-engine-tests";
  std::error_code ignored;
  fs::create_directories(dir, ignored);
  return (dir / ("server-" + std::to_string(getpid()) + "-" +
                 std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()) + ".log"))
      .string();
}

}  // namespace

std::string RealEngineServer::unavailable_reason() {
  auto version = run_command({kNode, "-p", "process.versions.node"}, std::chrono::seconds(30));
  if (!version.spawn_error.empty() || version.exit_code != 0) {
    return "node is not installed or does not run (" + version.spawn_error + version.err + ")";
  }
  int major = std::atoi(version.out.c_str());
  if (major < 20) return "node " + version.out.substr(0, version.out.find('\n')) + " is too old (need >= 20)";
  if (!fs::exists(kEngineDir / "node_modules" / "node-llama-cpp" / "package.json") ||
      !fs::exists(kEngineDir / "node_modules" / "@node-llama-cpp" / "linux-x64" / "bins")) {
    return "npm packages missing: run tests/real_engine/install.sh";
  }
  return "";
}

std::unique_ptr<RealEngineServer> RealEngineServer::start(const std::vector<std::string>& extra_args,
                                                          std::string* error, std::chrono::milliseconds timeout) {
  std::vector<std::string> argv = {kNode, (kEngineDir / "server.mjs").string(), "--port", "0", "--exit-on-stdin-eof"};
  argv.insert(argv.end(), extra_args.begin(), extra_args.end());
  auto log_path = unique_log_path();
  auto child = ChildProcess::spawn(argv, log_path, error);
  if (!child) return nullptr;
  auto line = child->read_line(timeout);
  if (!line || line->rfind("LISTENING ", 0) != 0) {
    child->wait(std::chrono::seconds(5));
    std::unique_ptr<RealEngineServer> failed(new RealEngineServer(std::move(*child), 0, log_path));
    if (error) {
      *error = (line ? "unexpected first line '" + *line + "'" : std::string("no LISTENING line in time")) +
               "; server log:\n" + failed->log_tail();
    }
    return nullptr;
  }
  int port = std::atoi(line->c_str() + std::string("LISTENING ").size());
  return std::unique_ptr<RealEngineServer>(new RealEngineServer(std::move(*child), port, log_path));
}

RealEngineServer::RealEngineServer(ChildProcess child, int port, std::string log_path)
    : child_(std::move(child)), port_(port), log_path_(std::move(log_path)) {}

RealEngineServer::~RealEngineServer() {
  child_.wait(std::chrono::seconds(15));
  std::error_code ignored;
  fs::remove(log_path_, ignored);
}

std::optional<nlohmann::json> RealEngineServer::wait_idle(std::chrono::milliseconds timeout) const {
  httplib::Client client("127.0.0.1", port_);
  auto seconds = std::chrono::duration_cast<std::chrono::seconds>(timeout).count() + 5;
  client.set_read_timeout(static_cast<time_t>(seconds), 0);
  auto reply = client.Get(("/debug/wait_idle?timeout_ms=" + std::to_string(timeout.count())).c_str());
  if (!reply || reply->status != 200) return std::nullopt;
  auto body = nlohmann::json::parse(reply->body, nullptr, false);
  if (body.is_discarded()) return std::nullopt;
  return body;
}

std::optional<nlohmann::json> RealEngineServer::stats() const {
  httplib::Client client("127.0.0.1", port_);
  client.set_read_timeout(30, 0);
  auto reply = client.Get("/debug/stats");
  if (!reply || reply->status != 200) return std::nullopt;
  auto body = nlohmann::json::parse(reply->body, nullptr, false);
  if (body.is_discarded()) return std::nullopt;
  return body;
}

std::string RealEngineServer::log_tail(std::size_t lines) const {
  std::ifstream in(log_path_);
  std::vector<std::string> all;
  for (std::string line; std::getline(in, line);) all.push_back(line);
  std::ostringstream out;
  for (std::size_t i = all.size() > lines ? all.size() - lines : 0; i < all.size(); ++i) out << all[i] << '\n';
  return out.str();
}

RefusedPort::RefusedPort() {
  fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof address;
  if (fd_ >= 0 && bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
      getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
    port_ = ntohs(address.sin_port);
  }
}

RefusedPort::~RefusedPort() {
  if (fd_ >= 0) close(fd_);
}

}  // namespace cc::test
