#pragma once
// AI review diagnostics (off by default; review.onSave): on didSave, one review per content
// hash at background priority; the model answers a JSON array of findings, which become
// diagnostics with source "codecrucible-ai" merged with the static ones. Output that is not
// valid is dropped with a log line. Loop thread only.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "protocol/lsp_types.h"
#include "server/features/context.h"
#include "server/features/diagnostics.h"
#include "server/features/generation_service.h"

namespace cc::server {

// Parses the model's review answer: the first JSON array in it, each element
// {"line": N (1-based), "severity": "error|warning|info|hint", "message": "..."}; invalid
// elements are skipped. nullopt when no array parses at all.
std::optional<std::vector<protocol::Diagnostic>> parse_review(std::string_view answer, const protocol::DocumentSnapshot& snap);

class AiReviewFeature : public Feature {
 public:
  AiReviewFeature(Server& server, GenerationService& generation, DiagnosticsFeature& diagnostics,
                  ContextFeature& context);
  void on_document_saved(const protocol::Document& doc) override;
  void on_document_closed(const std::string& uri) override;
  void on_config_changed() override;
  void on_shutdown() override;
  bool busy() const override { return in_flight_ > 0; }

 private:
  Server& server_;
  GenerationService& generation_;
  DiagnosticsFeature& diagnostics_;
  ContextFeature& context_;
  bool enabled_ = false;
  std::map<std::string, std::size_t> reviewed_hash_;  // uri → content hash last reviewed
  std::map<std::string, CancelSource> running_;
  std::size_t in_flight_ = 0;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace cc::server
