// The per-function verdict cache changes nothing but the time: over every file of the security
// suite, analysing with the cache (cold, warm, after lines were inserted above and inside
// a function) gives exactly the findings of an analysis without it, and warm runs hit.
#include "analysis/flow/function_cache.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "analysis/analyzer.h"
#include "analysis/lang/language.h"

namespace {

namespace fs = std::filesystem;
using namespace cc::analysis;

std::string render(const AnalysisResult& r) {
  std::ostringstream out;
  for (const auto& f : r.findings) {
    out << f.rule << " " << f.line << ":" << f.column << "-" << f.end_line << ":" << f.end_column << " "
        << static_cast<int>(f.severity) << " " << f.message << "\n";
    for (const auto& step : f.related) out << "  " << step.line << ":" << step.column << " " << step.message << "\n";
  }
  return out.str();
}

// The text with a blank line inserted before line `at` (0-based; past the end appends).
std::string with_blank_line(const std::string& text, std::size_t at) {
  std::size_t pos = 0;
  for (std::size_t line = 0; line < at && pos < text.size(); ++line) {
    std::size_t nl = text.find('\n', pos);
    if (nl == std::string::npos) return text + "\n";
    pos = nl + 1;
  }
  return text.substr(0, pos) + "\n" + text.substr(pos);
}

TEST(FunctionCache, VerdictsFromTheCacheEqualAFreshAnalysis) {
  fs::path suite = fs::path(CC_SOURCE_DIR) / "tests" / "analysis" / "security_suite";
  AnalysisConfig config;
  flow::FunctionCache cache;
  std::size_t files = 0, with_findings = 0;
  for (const auto& entry : fs::recursive_directory_iterator(suite)) {
    if (!entry.is_regular_file()) continue;
    Language lang = language_from_path(entry.path().string());
    if (lang == Language::Unknown) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::size_t lines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
    ++files;
    // Cold then warm, then lines shifted from the top and from inside the middle function.
    const std::string variants[] = {text, with_blank_line(text, 0), with_blank_line(text, lines / 2)};
    for (const std::string& variant : variants) {
      std::string expected = render(analyze_text(variant, lang, config));
      EXPECT_EQ(render(analyze_text(variant, lang, config, {}, &cache)), expected) << entry.path();
      if (&variant == &variants[0])
        EXPECT_EQ(render(analyze_text(variant, lang, config, {}, &cache)), expected) << "warm: " << entry.path();
      if (!expected.empty()) ++with_findings;
    }
  }
  EXPECT_GT(files, 500u);
  EXPECT_GT(with_findings, 600u);
  EXPECT_GT(cache.hits(), cache.misses()) << "unchanged functions reuse their verdicts";
}

TEST(FunctionCache, LeastRecentlyUsedEntriesGoFirst) {
  flow::FunctionCache cache(2);
  auto verdict = std::make_shared<flow::FunctionVerdict>();
  cache.store(1, verdict);
  cache.store(2, verdict);
  EXPECT_TRUE(cache.find(1));  // 2 is now the least recently used
  cache.store(3, verdict);
  EXPECT_EQ(cache.size(), 2u);
  EXPECT_TRUE(cache.find(1));
  EXPECT_FALSE(cache.find(2));
  EXPECT_TRUE(cache.find(3));
}

}  // namespace
