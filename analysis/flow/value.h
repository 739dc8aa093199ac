#pragma once
// Abstract values of the data-flow engine: how trusted a value is, its constant when known, the
// families it has been neutralised for, container elements, and the steps that made it tainted.
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cc::analysis::flow {

// Sink families the engine tracks; each is one bit of a sanitizer mask.
enum class Family : std::uint8_t {
  Sql, Command, Code, Deserialization, Path, Xss, Ldap, Xpath, TrustBoundary, Redirect, Ssrf, Header, Redos, Count
};
using FamilyMask = std::uint32_t;
constexpr FamilyMask bit(Family f) { return FamilyMask{1} << static_cast<unsigned>(f); }
constexpr FamilyMask kAllFamilies = (FamilyMask{1} << static_cast<unsigned>(Family::Count)) - 1;

// Clean: constant or neutralised; Unknown: a parameter or an unknown call; Tainted: from a source.
enum class Taint : std::uint8_t { Clean, Unknown, Tainted };

struct Step {
  std::size_t offset = 0;  // byte offset in the document
  std::string note;        // "comes from request.getParameter(\"id\")", "assigned to bar"
};

struct Value;
// Elements of a map, list, array or builder; shared so that aliases see the same mutations, as
// references do in the analysed languages. Stored elements never hold containers (no cycles).
struct Container {
  std::map<std::string, Value> keyed;  // map entries per constant key
  std::vector<Value> items;            // list/array elements in order
  std::shared_ptr<Value> any;          // join of elements stored under unknown keys or indexes
};

struct Value {
  Taint taint = Taint::Unknown;
  bool dynamic = false;          // built at run time from a non-constant part (concatenation, formatting)
  bool remote = false;           // tainted by a remote source (a request), not only by argv/env/stdin
  FamilyMask sanitized = 0;      // families for which the tainted content is neutralised
  std::optional<std::string> str;
  std::optional<long long> num;
  std::optional<bool> boolean;
  std::shared_ptr<Container> obj;
  std::string_view kind;  // the object's type for method matching ("PrintWriter"); static storage
  bool canonical = false;  // returned by a path canonicalisation (resolve, realpath, getCanonicalPath)
  // Shared and never modified in place (add_step copies): values are copied far more often than
  // they gain a step.
  std::shared_ptr<const std::vector<Step>> path;

  static Value clean() {
    Value v;
    v.taint = Taint::Clean;
    return v;
  }
  static Value unknown() { return Value{}; }
  static Value of_string(std::string s) {
    Value v = clean();
    v.str = std::move(s);
    return v;
  }
  static Value of_num(long long n) {
    Value v = clean();
    v.num = n;
    return v;
  }
  static Value of_bool(bool b) {
    Value v = clean();
    v.boolean = b;
    return v;
  }
  [[nodiscard]] bool constant() const { return str || num || boolean; }
  // Dangerous for a family: tainted and not neutralised for it.
  [[nodiscard]] bool tainted_for(Family f) const { return taint == Taint::Tainted && !(sanitized & bit(f)); }
  [[nodiscard]] bool remote_for(Family f) const { return tainted_for(f) && remote; }
  [[nodiscard]] bool unknown_for(Family f) const { return taint == Taint::Unknown && !(sanitized & bit(f)); }
};

constexpr std::size_t kMaxPath = 8;

void add_step(Value& v, std::size_t offset, std::string note);
// Combination of parts of one value (concatenation, formatting, call arguments): the worst taint,
// neutralised only for families every dangerous part is neutralised for; constants are dropped.
Value combine(const Value& a, const Value& b);
// Either of two values (branches that both may run): constants survive only when equal.
Value join(const Value& a, const Value& b);
// The value with its contents and elements flattened (for storing into a container).
Value flatten(const Value& v);
// The join of every element of a container value, or the value itself.
Value element_join(const Value& v);
// Strings and numbers as text, for concatenation folding; nullopt when not constant.
std::optional<std::string> as_text(const Value& v);
std::optional<bool> truthy(const Value& v);

}  // namespace cc::analysis::flow
