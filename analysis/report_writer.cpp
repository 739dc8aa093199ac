#include "analysis/report_writer.h"

#include <algorithm>
#include <tuple>

namespace cc::analysis {

namespace {

constexpr auto kDumpErrors = nlohmann::json::error_handler_t::replace;

// nlohmann's dump(1) of an array element at `depth` levels: the element's own dump with every
// line moved right by `depth` spaces (JSON strings never hold a raw newline).
void append_indented(std::string& out, const nlohmann::json& value, std::size_t depth) {
  const std::string text = value.dump(1, ' ', false, kDumpErrors);
  out.append(depth, ' ');
  std::size_t from = 0;
  for (std::size_t nl; (nl = text.find('\n', from)) != std::string::npos; from = nl + 1) {
    out.append(text, from, nl + 1 - from);
    out.append(depth, ' ');
  }
  out.append(text, from, std::string::npos);
}

// Depth of the findings in the JSON report ({"findings": [here]}) and of the results in SARIF
// ({"runs": [{"results": [here]}]}).
constexpr std::size_t kJsonFindingDepth = 2;
constexpr std::size_t kSarifResultDepth = 4;

bool finding_less(const Finding& a, const Finding& b) {
  return std::tie(a.line, a.column, a.rule) < std::tie(b.line, b.column, b.rule);
}

// Writes `skeleton` (a dumped report whose list `key` is empty) with the pieces in that list.
void write_spliced(std::ostream& out, const std::string& skeleton, const std::string& key, std::size_t depth,
                   const std::vector<std::string_view>& pieces) {
  const std::string empty = "\"" + key + "\": []";
  const std::size_t at = skeleton.find(empty);
  const std::size_t open = at + empty.size() - 1;  // at ']'
  out.write(skeleton.data(), static_cast<std::streamsize>(open));
  if (!pieces.empty()) {
    out << '\n';
    bool first = true;
    for (auto piece : pieces) {
      if (!first) out << ",\n";
      first = false;
      out.write(piece.data(), static_cast<std::streamsize>(piece.size()));
    }
    out << '\n' << std::string(depth - 1, ' ');
  }
  out.write(skeleton.data() + open, static_cast<std::streamsize>(skeleton.size() - open));
}

}  // namespace

ReportWriter::ReportWriter(ReportFormat format, std::size_t slots) : format_(format), slots_(std::max<std::size_t>(1, slots)) {}

void ReportWriter::render(Piece& piece) const {
  piece.rendered.clear();
  bool first = true;
  for (const auto& f : piece.findings) {
    switch (format_) {
      case ReportFormat::Text: append_text_line(piece.rendered, piece.file, f); break;
      case ReportFormat::Json:
        if (!first) piece.rendered += ",\n";
        append_indented(piece.rendered, json_finding(piece.file, f), kJsonFindingDepth);
        break;
      case ReportFormat::Sarif:
        if (!first) piece.rendered += ",\n";
        append_indented(piece.rendered, sarif_result(piece.file, f), kSarifResultDepth);
        break;
    }
    first = false;
  }
}

void ReportWriter::add(std::size_t slot, std::string file, std::vector<Finding> findings) {
  if (findings.empty()) return;
  std::stable_sort(findings.begin(), findings.end(), finding_less);
  Piece piece{std::move(file), std::move(findings), {}};
  render(piece);
  slots_[std::min(slot, slots_.size() - 1)].push_back(std::move(piece));
}

std::size_t ReportWriter::finding_count() const {
  std::size_t n = 0;
  for (const auto& slot : slots_)
    for (const auto& piece : slot) n += piece.findings.size();
  return n;
}

bool ReportWriter::any_at_least(Severity severity) const {
  for (const auto& slot : slots_)
    for (const auto& piece : slot)
      for (const auto& f : piece.findings)
        if (static_cast<int>(f.severity) <= static_cast<int>(severity)) return true;
  return false;
}

// The pieces of every slot by file name; two pieces of one name (a file reached from two roots
// given alike) become one, its findings merged in order.
std::vector<ReportWriter::Piece> ReportWriter::ordered() {
  std::vector<Piece> all;
  std::size_t total = 0;
  for (const auto& slot : slots_) total += slot.size();
  all.reserve(total);
  for (auto& slot : slots_) {
    for (auto& piece : slot) all.push_back(std::move(piece));
    slot.clear();
  }
  std::sort(all.begin(), all.end(), [](const Piece& a, const Piece& b) { return a.file < b.file; });
  std::vector<Piece> merged;
  merged.reserve(all.size());
  for (auto& piece : all) {
    if (!merged.empty() && merged.back().file == piece.file) {
      auto& into = merged.back().findings;
      into.insert(into.end(), std::make_move_iterator(piece.findings.begin()),
                  std::make_move_iterator(piece.findings.end()));
      std::stable_sort(into.begin(), into.end(), finding_less);
      render(merged.back());
      continue;
    }
    merged.push_back(std::move(piece));
  }
  return merged;
}

void ReportWriter::write(std::ostream& out, const ReportStats& stats, const std::string& tool_version,
                         const std::string& base_uri) {
  std::vector<Piece> pieces = ordered();
  std::vector<std::string_view> rendered;
  rendered.reserve(pieces.size());
  for (const auto& p : pieces) rendered.emplace_back(p.rendered);
  switch (format_) {
    case ReportFormat::Text:
      for (auto r : rendered) out.write(r.data(), static_cast<std::streamsize>(r.size()));
      break;
    case ReportFormat::Json:
      write_spliced(out, format_json({}, stats).dump(1, ' ', false, kDumpErrors), "findings", kJsonFindingDepth,
                    rendered);
      out << '\n';
      break;
    case ReportFormat::Sarif:
      write_spliced(out, format_sarif({}, tool_version, base_uri).dump(1, ' ', false, kDumpErrors), "results",
                    kSarifResultDepth, rendered);
      out << '\n';
      break;
  }
  // The pieces are this writer's last state: it is spent.
  for (auto& slot : slots_) slot.clear();
}

}  // namespace cc::analysis
