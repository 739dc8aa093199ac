#pragma once
// AI completion: textDocument/inlineCompletion (advertised when the client offers it) and one
// AI item in textDocument/completion as a fallback (completion.inCompletionList).
//
// Per document: adaptive debounce (half the recent typing interval, within 50..500 ms),
// cancel-previous (a newer request answers the older one with no items), a type-ahead cache
// (typing the first characters of a suggestion keeps serving its remainder without a model
// call), fill-in-the-middle prompts from a prefix/suffix window with a byte budget, fast tier,
// and results for a document version that moved on are dropped. Loop thread only.
#include <cstdint>
#include <list>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "server/features/context.h"
#include "server/features/generation_service.h"
#include "server/server.h"

namespace cc::server {

class CompletionFeature : public Feature {
 public:
  CompletionFeature(Server& server, GenerationService& generation, ContextFeature& context);
  void contribute_capabilities(json& capabilities) override;
  void on_config_changed() override;
  void on_document_closed(const std::string& uri) override;
  void on_shutdown() override;

 private:
  struct Pending {
    Reply reply;
    CancelSource cancel;
    std::unique_ptr<Timer> timer;
    // No default member initializer: clang rejects std::optional<Pending>::emplace() in a
    // nested struct that has one (set on every use anyway).
    bool inline_form;
  };
  struct DocState {
    std::optional<Pending> pending;
    double typing_interval_ms = 300;
    std::uint64_t last_request_ms = 0;
  };

  void on_request(const json& params, Reply reply, const RequestContext& ctx, bool inline_form);
  void start(const std::string& uri, std::int64_t version, std::size_t offset);
  void answer(Reply& reply, bool inline_form, const std::string& text, const protocol::Position& at);
  std::optional<std::string> cached(const std::string& prefix) const;
  void remember(const std::string& prefix, const std::string& completion);

  Server& server_;
  GenerationService& generation_;
  ContextFeature& context_;
  bool enabled_ = true;
  bool in_completion_list_ = true;
  std::uint64_t base_debounce_ms_ = 150;
  std::size_t budget_bytes_ = 6000;
  std::map<std::string, DocState> docs_;
  // Recent suggestions by the prefix they were made for (most recent first, bounded).
  std::list<std::pair<std::string, std::string>> cache_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace cc::server
