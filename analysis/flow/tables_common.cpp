#include "analysis/flow/tables.h"

namespace cc::analysis::flow {

bool chain_matches(std::string_view chain, std::string_view pattern) {
  if (pattern.size() > chain.size()) return false;
  if (chain.substr(chain.size() - pattern.size()) != pattern) return false;
  return chain.size() == pattern.size() || chain[chain.size() - pattern.size() - 1] == '.';
}

std::string_view default_rule(Family family) {
  switch (family) {
    case Family::Sql: return "sql-dynamic-query";
    case Family::Command: return "cmd-shell-dynamic";
    case Family::Code: return "code-eval";
    case Family::Deserialization: return "unsafe-deserialization-flow";
    case Family::Path: return "path-traversal";
    case Family::Xss: return "xss-response";
    case Family::Ldap: return "ldap-injection";
    case Family::Xpath: return "xpath-injection";
    case Family::TrustBoundary: return "trust-boundary";
    case Family::Redirect: return "open-redirect";
    case Family::Ssrf: return "ssrf";
    case Family::Header: return "header-injection";
    case Family::Redos: return "regex-dos";
    case Family::Count: break;
  }
  return "";
}

int family_cwe(Family family) {
  switch (family) {
    case Family::Sql: return 89;
    case Family::Command: return 78;
    case Family::Code: return 94;
    case Family::Deserialization: return 502;
    case Family::Path: return 22;
    case Family::Xss: return 79;
    case Family::Ldap: return 90;
    case Family::Xpath: return 643;
    case Family::TrustBoundary: return 501;
    case Family::Redirect: return 601;
    case Family::Ssrf: return 918;
    case Family::Header: return 113;
    case Family::Redos: return 400;  // ReDoS (CWE-1333) under its parent, as the benchmarks file it
    case Family::Count: break;
  }
  return 0;
}

std::string_view family_name(Family family) {
  switch (family) {
    case Family::Sql: return "SQL query";
    case Family::Command: return "OS command";
    case Family::Code: return "evaluated code";
    case Family::Deserialization: return "deserialized data";
    case Family::Path: return "file path";
    case Family::Xss: return "HTML response";
    case Family::Ldap: return "LDAP filter";
    case Family::Xpath: return "XPath expression";
    case Family::TrustBoundary: return "session";
    case Family::Redirect: return "redirect target";
    case Family::Ssrf: return "outgoing request URL";
    case Family::Header: return "response header";
    case Family::Redos: return "backtracking regular expression";
    case Family::Count: break;
  }
  return "";
}

const LanguageTables* tables_for(Language lang) {
  switch (lang) {
    case Language::Java: return &java_tables();
    case Language::Python: return &python_tables();
    case Language::JavaScript:
    case Language::TypeScript: return &javascript_tables();
    case Language::Go: return &go_tables();
    default: return nullptr;
  }
}

}  // namespace cc::analysis::flow
