#pragma once
// Open documents. The store lives on the loop thread and applies didOpen/didChange/didClose
// in arrival order; workers get immutable snapshots (shared_ptr<const DocumentSnapshot>).
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "protocol/positions.h"

namespace cc::protocol {

struct DocumentSnapshot {
  std::string uri;
  std::string language_id;
  std::int64_t version = 0;
  std::string text;
  LineIndex lines;
};

struct ContentChange {
  std::optional<Range> range;  // absent: replace the whole text
  std::string text;
};

class Document {
 public:
  Document(std::string uri, std::string language_id, std::int64_t version, std::string text);

  const std::string& uri() const { return uri_; }
  const std::string& language_id() const { return language_id_; }
  std::int64_t version() const { return version_; }
  const std::string& text() const { return text_; }
  const LineIndex& lines() const { return lines_; }

  // Applies changes in order. On failure an error is returned and the document must be
  // dropped (a desynchronised copy is worse than none).
  std::optional<std::string> apply(const std::vector<ContentChange>& changes, std::int64_t new_version,
                                   PositionEncoding encoding);

  // Cheap when unchanged since the last call: the snapshot is cached until the next edit.
  std::shared_ptr<const DocumentSnapshot> snapshot() const;

 private:
  std::string uri_;
  std::string language_id_;
  std::int64_t version_;
  std::string text_;
  LineIndex lines_;
  mutable std::shared_ptr<const DocumentSnapshot> snapshot_;
};

class DocumentStore {
 public:
  // Re-opening an open document replaces it (and is logged by the caller).
  Document& open(std::string uri, std::string language_id, std::int64_t version, std::string text);
  // Error text when the document is unknown or an edit cannot apply (the document is dropped).
  std::optional<std::string> change(const std::string& uri, std::int64_t version,
                                    const std::vector<ContentChange>& changes, PositionEncoding encoding);
  bool close(const std::string& uri);
  Document* find(const std::string& uri);
  const Document* find(const std::string& uri) const;
  std::vector<std::string> uris() const;
  std::size_t size() const { return documents_.size(); }

 private:
  std::map<std::string, std::unique_ptr<Document>> documents_;
};

}  // namespace cc::protocol
