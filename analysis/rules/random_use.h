#pragma once
// Predictable random numbers (CWE-330) matter where their value ends up: a cookie, a session
// attribute, a token/key/password/nonce/identifier, a URL parameter. A bounded def-use walk
// over the enclosing function decides that for one generator call; jitter, colours, sleeps and
// test data stay silent.
#include <cstddef>
#include <string_view>

#include "analysis/rules/rule_context.h"

namespace cc::analysis {

// True when the random value produced at [begin, end) (a call, or a generator's construction)
// flows within its function into a security use.
bool random_reaches_security_use(const RuleContext& ctx, std::size_t begin, std::size_t end);

// `sessionToken`, `remember_me_key`, `csrf`, `userId`: a name that marks a security value.
bool is_security_value_name(std::string_view name);

}  // namespace cc::analysis
