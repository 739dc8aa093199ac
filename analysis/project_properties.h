#pragma once
// The values a Java project's .properties files give their keys, so that
// `props.getProperty("hashAlg", "SHA512")` is judged by what the project configures, not only
// by its fallback. Read lazily: the first lookup walks the roots (once, whatever the thread), so
// trees whose code never asks (no Java, no getProperty in a crypto call) pay nothing.
//
// Format: `key=value`, `key: value` or `key value` lines; `#` and `!` comments. A key given two
// different values is left out (which one applies is unknown). Bounded: hidden, dependency and
// build-output folders are skipped, the walk stops after 200,000 entries, at most 64 files of at
// most 64 KiB are read.
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cc::analysis {

class ProjectProperties {
 public:
  using Values = std::map<std::string, std::string, std::less<>>;

  explicit ProjectProperties(std::vector<std::filesystem::path> roots) : roots_(std::move(roots)) {}
  // Fixed values, for tests and callers that read the files themselves.
  static std::shared_ptr<const ProjectProperties> with_values(Values values);

  std::optional<std::string> find(std::string_view key) const;
  const Values& values() const;

 private:
  std::vector<std::filesystem::path> roots_;
  mutable std::once_flag read_;
  mutable Values values_;
};

}  // namespace cc::analysis
