// Diagnostics link each finding's code to its CWE page (codeDescription.href), from the rule
// catalog; rules without a CWE carry no link.
#include <gtest/gtest.h>

#include "analysis/rules/catalog.h"
#include "protocol/document.h"
#include "protocol/lsp_types.h"
#include "server/features/diagnostics.h"

namespace {

using cc::analysis::Finding;
using cc::server::DiagnosticsFeature;

Finding finding(const char* rule, const char* category) {
  Finding f;
  f.line = 0;
  f.column = 0;
  f.end_line = 0;
  f.end_column = 3;
  f.rule = rule;
  f.category = category;
  return f;
}

TEST(DiagnosticsCwe, CodeDescriptionLinksTheRulesCwe) {
  cc::protocol::Document doc("file:///a.java", "java", 1, "Cookie c = new Cookie(\"a\", v);\n");
  auto snap = doc.snapshot();
  auto enc = cc::protocol::PositionEncoding::Utf16;
  auto cookie = DiagnosticsFeature::to_diagnostic(finding("cookie-no-httponly", "insecure-cookie"), *snap, enc);
  ASSERT_TRUE(cookie.codeDescriptionHref.has_value());
  EXPECT_EQ(*cookie.codeDescriptionHref, "https://cwe.mitre.org/data/definitions/1004.html");
  nlohmann::json j = cookie;
  EXPECT_EQ(j["codeDescription"]["href"], "https://cwe.mitre.org/data/definitions/1004.html");
  EXPECT_EQ(j["code"], "cookie-no-httponly");

  auto hash = DiagnosticsFeature::to_diagnostic(finding("weak-hash", "weak-crypto"), *snap, enc);
  EXPECT_EQ(hash.codeDescriptionHref.value_or(""), "https://cwe.mitre.org/data/definitions/328.html");

  auto quality = DiagnosticsFeature::to_diagnostic(finding("long-function", "long-function"), *snap, enc);
  EXPECT_FALSE(quality.codeDescriptionHref.has_value());
  nlohmann::json q = quality;
  EXPECT_FALSE(q.contains("codeDescription"));
}

}  // namespace
