#pragma once
// Rule passes. Each appends RawFindings to ctx.out; none of them throws or recurses on input.
#include "analysis/rules/rule_context.h"

namespace cc::analysis {

// Records assignments of dynamically built strings (for sinks that take a variable).
void build_taint(RuleContext& ctx);
// Injection, crypto, random, TLS, deserialization, memory and XSS rules on code tokens.
void run_sink_rules(RuleContext& ctx);
// Cookies without Secure/HttpOnly (rules/cookies.cpp) and XML external entities (rules/xxe.cpp).
void run_cookie_rules(RuleContext& ctx);
void run_xxe_rules(RuleContext& ctx);
// Secrets in string literals (all languages) and shell-specific command rules.
void run_literal_rules(RuleContext& ctx);
void run_shell_rules(RuleContext& ctx);
// The data-flow engine (analysis/flow) for languages with tables: its findings replace the pattern
// rules' findings of the same family on the sinks it judged.
void run_flow_rules(RuleContext& ctx);
// todo, debug-leftover, empty-catch and the structural metrics.
void run_quality_rules(RuleContext& ctx);

}  // namespace cc::analysis
