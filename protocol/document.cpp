#include "protocol/document.h"

namespace cc::protocol {

Document::Document(std::string uri, std::string language_id, std::int64_t version, std::string text)
    : uri_(std::move(uri)),
      language_id_(std::move(language_id)),
      version_(version),
      text_(std::move(text)),
      lines_(text_) {}

std::optional<std::string> Document::apply(const std::vector<ContentChange>& changes, std::int64_t new_version,
                                           PositionEncoding encoding) {
  // Edits apply in place (no copy of a large text per keystroke). Every check runs before
  // its mutation; a failure part-way leaves earlier changes applied, so the store drops the
  // document rather than keep a copy the client does not have.
  std::string& text = text_;
  LineIndex& lines = lines_;
  snapshot_.reset();
  for (std::size_t i = 0; i < changes.size(); ++i) {
    const auto& change = changes[i];
    if (!change.range) {
      text = change.text;
      lines = LineIndex(text);
      continue;
    }
    const Range& r = *change.range;
    if (r.start.line < 0 || r.start.character < 0 || r.end.line < 0 || r.end.character < 0)
      return "change " + std::to_string(i) + " has a negative position";
    std::size_t begin = position_to_offset(text, lines, r.start, encoding);
    std::size_t end = position_to_offset(text, lines, r.end, encoding);
    if (end < begin) return "change " + std::to_string(i) + " has its end before its start";
    text.replace(begin, end - begin, change.text);
    lines.apply_edit(text, begin, end, change.text.size());
  }
  version_ = new_version;
  return std::nullopt;
}

std::shared_ptr<const DocumentSnapshot> Document::snapshot() const {
  if (!snapshot_) snapshot_ = std::make_shared<const DocumentSnapshot>(DocumentSnapshot{uri_, language_id_, version_, text_, lines_});
  return snapshot_;
}

Document& DocumentStore::open(std::string uri, std::string language_id, std::int64_t version, std::string text) {
  auto doc = std::make_unique<Document>(uri, std::move(language_id), version, std::move(text));
  auto& slot = documents_[std::move(uri)];
  slot = std::move(doc);
  return *slot;
}

std::optional<std::string> DocumentStore::change(const std::string& uri, std::int64_t version,
                                                 const std::vector<ContentChange>& changes,
                                                 PositionEncoding encoding) {
  auto it = documents_.find(uri);
  if (it == documents_.end()) return "didChange for a document that is not open: " + uri;
  if (auto err = it->second->apply(changes, version, encoding)) {
    documents_.erase(it);
    return "cannot apply didChange to " + uri + " (version " + std::to_string(version) + "): " + *err;
  }
  return std::nullopt;
}

bool DocumentStore::close(const std::string& uri) { return documents_.erase(uri) != 0; }

Document* DocumentStore::find(const std::string& uri) {
  auto it = documents_.find(uri);
  return it == documents_.end() ? nullptr : it->second.get();
}

const Document* DocumentStore::find(const std::string& uri) const {
  auto it = documents_.find(uri);
  return it == documents_.end() ? nullptr : it->second.get();
}

std::vector<std::string> DocumentStore::uris() const {
  std::vector<std::string> out;
  out.reserve(documents_.size());
  for (const auto& [uri, _] : documents_) out.push_back(uri);
  return out;
}

}  // namespace cc::protocol
