#include "analysis/flow/value.h"

namespace cc::analysis::flow {

void add_step(Value& v, std::size_t offset, std::string note) {
  if (v.taint != Taint::Tainted || (v.path && v.path->size() >= kMaxPath)) return;
  if (v.path && !v.path->empty() && v.path->back().offset == offset) return;
  auto steps = v.path ? std::make_shared<std::vector<Step>>(*v.path) : std::make_shared<std::vector<Step>>();
  steps->push_back({offset, std::move(note)});
  v.path = std::move(steps);
}

namespace {
// Neutralisation that survives a combination, over the parts as bad as the result: a clean part
// (or an unknown one beside tainted data) constrains nothing.
FamilyMask effective_mask(const Value& v, Taint worst) { return v.taint < worst ? kAllFamilies : v.sanitized; }
}  // namespace

Value combine(const Value& a, const Value& b) {
  Value out;
  out.taint = std::max(a.taint, b.taint);
  out.sanitized = effective_mask(a, out.taint) & effective_mask(b, out.taint);
  if (out.taint == Taint::Clean) out.sanitized = 0;
  out.dynamic = a.dynamic || b.dynamic || a.taint != Taint::Clean || b.taint != Taint::Clean;
  out.remote = (a.taint == Taint::Tainted && a.remote) || (b.taint == Taint::Tainted && b.remote);
  const Value& worst = a.taint != b.taint ? (a.taint > b.taint ? a : b) : (b.remote && !a.remote ? b : a);
  out.path = worst.path;
  return out;
}

Value join(const Value& a, const Value& b) {
  Value out = combine(a, b);
  out.dynamic = a.dynamic || b.dynamic;
  if (a.str && b.str && *a.str == *b.str) out.str = a.str;
  if (a.num && b.num && *a.num == *b.num) out.num = a.num;
  if (a.boolean && b.boolean && *a.boolean == *b.boolean) out.boolean = a.boolean;
  if (a.kind == b.kind) out.kind = a.kind;
  if (a.obj && a.obj == b.obj) out.obj = a.obj;
  else if (a.obj || b.obj) {
    // Different containers on two branches: keep the elements of both, joined per key.
    auto c = std::make_shared<Container>();
    Value any = Value::clean();
    bool has_any = false;
    for (const Value* side : {&a, &b}) {
      if (!side->obj) continue;
      for (const auto& [k, v] : side->obj->keyed) {
        auto it = c->keyed.find(k);
        if (it == c->keyed.end()) c->keyed.emplace(k, v);
        else it->second = join(it->second, v);
      }
      if (side->obj->any) {
        any = has_any ? join(any, *side->obj->any) : *side->obj->any;
        has_any = true;
      }
    }
    const auto& ia = a.obj ? a.obj->items : std::vector<Value>{};
    const auto& ib = b.obj ? b.obj->items : std::vector<Value>{};
    if (ia.size() == ib.size()) {
      for (std::size_t i = 0; i < ia.size(); ++i) c->items.push_back(join(ia[i], ib[i]));
    } else {
      for (const auto* items : {&ia, &ib})
        for (const auto& v : *items) {
          any = has_any ? join(any, v) : v;
          has_any = true;
        }
    }
    if (has_any) c->any = std::make_shared<Value>(any);
    out.obj = std::move(c);
  }
  return out;
}

Value flatten(const Value& v) {
  if (!v.obj) return v;
  Value out = element_join(v);
  out.obj.reset();
  return out;
}

Value element_join(const Value& v) {
  if (!v.obj) return v;
  Value out = Value::clean();
  bool first = true;
  auto add = [&](const Value& e) {
    out = first ? e : join(out, e);
    first = false;
  };
  for (const auto& [k, e] : v.obj->keyed) add(e);
  for (const auto& e : v.obj->items) add(e);
  if (v.obj->any) add(*v.obj->any);
  if (first) {
    out = v;
    out.obj.reset();
    out.str.reset();
  }
  out.obj.reset();
  return out;
}

std::optional<std::string> as_text(const Value& v) {
  if (v.str) return v.str;
  if (v.num) return std::to_string(*v.num);
  if (v.boolean) return *v.boolean ? "true" : "false";
  return std::nullopt;
}

std::optional<bool> truthy(const Value& v) {
  if (v.boolean) return v.boolean;
  if (v.num) return *v.num != 0;
  if (v.str) return !v.str->empty();
  return std::nullopt;
}

}  // namespace cc::analysis::flow
