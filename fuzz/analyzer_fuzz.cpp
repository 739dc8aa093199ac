// Fuzzes every language's lexer and the single-document analyzer: the input is a source
// text, run through lex() and analyze_text() once for every Language value.
//
// Oracles (lexer contract in analysis/lang/lexer.h): the code view has the text's length and
// keeps every newline where it was; strings and comments are ordered, in bounds and
// well-formed; line_starts follows the editor's line model (\n, \r\n and a lone \r each end a
// line, LSP 3.17). Findings point inside the text. With the data-flow verdict cache (kept
// across inputs, as an editor keeps it across keystrokes) the findings are exactly those
// without it.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "analysis/analyzer.h"
#include "analysis/flow/function_cache.h"
#include "analysis/lang/lexer.h"

using namespace cc::analysis;

namespace {

void require(bool ok, const char* what, Language lang) {
  if (!ok) {
    fprintf(stderr, "analyzer invariant violated (%s): %s\n", to_string(lang), what);
    abort();
  }
}

// The LSP line model, written out independently of protocol/positions.cpp.
std::vector<std::size_t> expected_line_starts(std::string_view text) {
  std::vector<std::size_t> starts{0};
  for (std::size_t i = 0; i < text.size(); ++i) {
    const bool crlf = text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n';
    if (text[i] == '\n' || (text[i] == '\r' && !crlf)) starts.push_back(i + 1);
  }
  return starts;
}

void check_lexer(std::string_view text, Language lang) {
  LexedSource lexed = lex(text, lang);
  require(!lexed.cancelled, "cancelled without a cancel request", lang);
  require(lexed.code.size() == text.size(), "code view length differs from the text", lang);
  for (std::size_t i = 0; i < text.size(); ++i)
    require((text[i] == '\n') == (lexed.code[i] == '\n'), "code view moved a newline", lang);
  require(lexed.line_starts == expected_line_starts(text), "line_starts differ from the LSP line model", lang);
  std::size_t prev = 0;
  for (const auto& s : lexed.strings) {
    require(s.begin >= prev, "strings out of order", lang);
    require(s.begin <= s.content_begin && s.content_begin <= s.content_end && s.content_end <= s.end &&
                s.end <= text.size(),
            "string literal bounds", lang);
    prev = s.begin;
  }
  prev = 0;
  for (const auto& c : lexed.comments) {
    require(c.begin >= prev && c.begin <= c.end && c.end <= text.size(), "comment bounds / order", lang);
    prev = c.begin;
  }
}

bool same_findings(const AnalysisResult& a, const AnalysisResult& b) {
  if (a.findings.size() != b.findings.size()) return false;
  for (std::size_t i = 0; i < a.findings.size(); ++i) {
    const Finding &x = a.findings[i], &y = b.findings[i];
    if (x.rule != y.rule || x.line != y.line || x.column != y.column || x.end_line != y.end_line ||
        x.end_column != y.end_column || x.severity != y.severity || x.message != y.message ||
        x.related.size() != y.related.size())
      return false;
    for (std::size_t k = 0; k < x.related.size(); ++k)
      if (x.related[k].line != y.related[k].line || x.related[k].column != y.related[k].column ||
          x.related[k].message != y.related[k].message)
        return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  static const AnalysisConfig config;  // defaults: every rule on
  const int lines = static_cast<int>(expected_line_starts(text).size());
  for (int l = static_cast<int>(Language::Unknown); l <= static_cast<int>(Language::CSharp); ++l) {
    const auto lang = static_cast<Language>(l);
    if (lex_family(lang) != LexFamily::None) check_lexer(text, lang);
    AnalysisResult result = analyze_text(text, lang, config);
    static flow::FunctionCache cache(4096);
    AnalysisResult cached = analyze_text(text, lang, config, {}, &cache);
    if (!result.truncated && !cached.truncated)
      require(same_findings(result, cached), "the verdict cache changed the findings", lang);
    for (const auto& f : result.findings) {
      require(f.line >= 0 && f.line < lines && f.column >= 0, "finding starts outside the text", lang);
      require(f.end_line >= f.line && f.end_line < lines && f.end_column >= 0, "finding ends outside the text", lang);
      require(!f.rule.empty() && !f.message.empty(), "finding without rule or message", lang);
    }
  }
  return 0;
}
