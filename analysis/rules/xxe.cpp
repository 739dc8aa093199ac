// XML external entities (CWE-611): Java parser factories created and used in a function that
// never disables DOCTYPEs or external entities; parsers configured to resolve entities in
// Python (lxml resolve_entities=True, sax feature_external_ges), .NET (DtdProcessing.Parse,
// an XmlResolver), PHP (LIBXML_NOENT, libxml_disable_entity_loader(false)), libxml2
// (XML_PARSE_NOENT), Nokogiri (NOENT) and libxmljs (noent: true).
#include <array>
#include <string>

#include "analysis/lang/text_util.h"
#include "analysis/rules/local_flow.h"
#include "analysis/rules/rules.h"

namespace cc::analysis {
namespace {

std::string lower(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) out.push_back(ascii_lower(c));
  return out;
}

class XxeScanner {
 public:
  explicit XxeScanner(RuleContext& ctx) : ctx_(ctx), code_(ctx.code) {}

  void run() {
    switch (ctx_.lang) {
      case Language::Java: java(); break;
      case Language::Python:
        each_word("XMLParser", [&](std::size_t b, std::size_t e) { call_with_flag(b, e, "resolve_entities", "True"); });
        each_word("setFeature", [&](std::size_t b, std::size_t e) { python_sax_feature(b, e); });
        break;
      case Language::CSharp: csharp(); break;
      case Language::Php:
        each_word("libxml_disable_entity_loader", [&](std::size_t b, std::size_t e) {
          auto args = ctx_.call_args(e);
          if (args && lower(trim(ctx_.code_of(*args))) == "false")
            ctx_.emit("xxe", b, e, "libxml_disable_entity_loader(false) turns external entity loading back on");
        });
        each_word("LIBXML_NOENT", [&](std::size_t b, std::size_t e) { constant_use(b, e, "LIBXML_NOENT substitutes external entities"); });
        each_word("LIBXML_DTDLOAD", [&](std::size_t b, std::size_t e) { constant_use(b, e, "LIBXML_DTDLOAD loads external DTDs"); });
        break;
      case Language::JavaScript:
      case Language::TypeScript:
        each_word("noent", [&](std::size_t b, std::size_t e) {
          std::size_t k = ctx_.skip_ws(e, e + 8);
          if (k < code_.size() && code_[k] == ':') {
            std::size_t v = ctx_.skip_ws(k + 1, k + 16);
            if (code_.substr(v, 4) == "true") ctx_.emit("xxe", b, e, "noent: true substitutes external entities");
          }
        });
        break;
      case Language::Ruby:
        each_word("NOENT", [&](std::size_t b, std::size_t e) { constant_use(b, e, "NOENT substitutes external entities"); });
        each_word("noent", [&](std::size_t b, std::size_t e) {
          if (b > 0 && code_[b - 1] == '.') ctx_.emit("xxe", b, e, "the noent option substitutes external entities");
        });
        break;
      case Language::C:
      case Language::Cpp:
        each_word("XML_PARSE_NOENT", [&](std::size_t b, std::size_t e) { constant_use(b, e, "XML_PARSE_NOENT substitutes external entities"); });
        each_word("xmlSubstituteEntitiesDefault", [&](std::size_t b, std::size_t e) {
          auto args = ctx_.call_args(e);
          if (args && trim(ctx_.code_of(*args)) == "1")
            ctx_.emit("xxe", b, e, "xmlSubstituteEntitiesDefault(1) substitutes external entities");
        });
        break;
      default: break;
    }
  }

 private:
  template <class Fn>
  void each_word(std::string_view word, Fn fn) {
    if (code_.find(word) == std::string_view::npos) return;
    std::size_t p = 0;
    while ((p = find_word(code_, word, p)) != std::string_view::npos) {
      if (ctx_.budget.expired()) return;
      fn(p, p + word.size());
      p += word.size();
    }
  }

  // A flag constant used in code, not defined: `LIBXML_NOENT = 2`, `#define XML_PARSE_NOENT`
  // and enum entries are declarations.
  void constant_use(std::size_t b, std::size_t e, std::string detail) {
    std::size_t k = ctx_.skip_ws(e, e + 8);
    if (k < code_.size() && (code_[k] == '=' && (k + 1 >= code_.size() || code_[k + 1] != '='))) return;
    // A macro body, also on a `\` continuation line.
    int line = ctx_.lx.line_of(b);
    for (int guard = 0; line > 0 && guard < 64; ++guard) {
      std::string_view prev = trim(ctx_.lx.code_line(static_cast<std::size_t>(line - 1)));
      if (prev.empty() || prev.back() != '\\') break;
      --line;
    }
    std::size_t ls = ctx_.lx.line_starts[static_cast<std::size_t>(line)];
    if (starts_with(trim(code_.substr(ls, b - ls)), "#")) return;
    ctx_.emit("xxe", b, e, std::move(detail));
  }

  void call_with_flag(std::size_t b, std::size_t e, std::string_view key, std::string_view value) {
    auto args = ctx_.call_args(e);
    if (!args) return;
    std::string_view a = ctx_.code_of(*args);
    std::size_t p = find_word(a, key);
    if (p == std::string_view::npos) return;
    std::size_t k = p + key.size();
    while (k < a.size() && a[k] == ' ') ++k;
    if (k >= a.size() || a[k] != '=') return;
    ++k;
    while (k < a.size() && a[k] == ' ') ++k;
    if (a.substr(k, value.size()) == value)
      ctx_.emit("xxe", b, e, std::string(key) + "=" + std::string(value) + " resolves external entities");
  }

  void python_sax_feature(std::size_t b, std::size_t e) {
    auto args = ctx_.call_args(e);
    if (!args) return;
    auto parts = ctx_.split_args(*args);
    if (parts.size() != 2) return;
    if (ctx_.code_of(parts[0]).find("feature_external_ges") == std::string_view::npos &&
        ctx_.code_of(parts[0]).find("feature_external_pes") == std::string_view::npos)
      return;
    std::string_view v = trim(ctx_.code_of(parts[1]));
    if (v == "True" || v == "1") ctx_.emit("xxe", b, e, "the SAX parser resolves external entities");
  }

  void csharp() {
    each_word("DtdProcessing", [&](std::size_t b, std::size_t e) {
      std::size_t k = ctx_.skip_ws(e, e + 8);
      if (k < code_.size() && code_[k] == '.' && code_.substr(ctx_.skip_ws(k + 1, k + 8), 5) == "Parse")
        ctx_.emit("xxe", b, e, "DtdProcessing.Parse processes DOCTYPEs and external entities");
    });
    each_word("XmlResolver", [&](std::size_t b, std::size_t e) {
      if (b == 0 || code_[b - 1] != '.') {
        std::size_t ls = ctx_.lx.line_starts[static_cast<std::size_t>(ctx_.lx.line_of(b))];
        std::string_view head = trim(code_.substr(ls, b - ls));
        if (!head.empty() && head.back() != '{' && head.back() != ',') return;  // a type name, not the property
      }
      std::size_t k = ctx_.skip_ws(e, e + 8);
      if (k + 1 >= code_.size() || code_[k] != '=' || code_[k + 1] == '=') return;
      Range v = ctx_.statement_rest(k + 1);
      std::string_view s = trim(ctx_.code_of(v));
      if (std::size_t c = s.find_first_of(",}"); c != std::string_view::npos) s = trim(s.substr(0, c));
      if (s != "null" && !s.empty()) ctx_.emit("xxe", b, e, "an XmlResolver lets the parser fetch external entities");
    });
    each_word("ProhibitDtd", [&](std::size_t b, std::size_t e) {
      std::size_t k = ctx_.skip_ws(e, e + 8);
      if (k + 1 < code_.size() && code_[k] == '=' && code_[k + 1] != '=' &&
          code_.substr(ctx_.skip_ws(k + 1, k + 8), 5) == "false")
        ctx_.emit("xxe", b, e, "ProhibitDtd = false processes DOCTYPEs");
    });
  }

  // ---- Java parser factories ----
  struct Factory {
    std::string_view name;
    std::string_view create;  // static creation method, or empty for `new Name(`
    bool secure_processing_is_enough;
  };

  void java() {
    static constexpr std::array<Factory, 9> factories = {{
        {"DocumentBuilderFactory", "newInstance", false},
        {"SAXParserFactory", "newInstance", false},
        {"XMLInputFactory", "newInstance", false},
        {"XMLInputFactory", "newFactory", false},
        {"TransformerFactory", "newInstance", true},
        {"SchemaFactory", "newInstance", true},
        {"XMLReaderFactory", "createXMLReader", false},
        {"SAXReader", "", false},
        {"SAXBuilder", "", false},
    }};
    for (const auto& f : factories)
      each_word(f.name, [&](std::size_t b, std::size_t e) { java_factory(f, b, e); });
  }

  void java_factory(const Factory& f, std::size_t b, std::size_t e) {
    std::size_t name_end = e;
    if (f.create.empty()) {
      std::size_t k = ctx_.skip_ws_back(b - ctx_.receiver(b).size());
      if (k < 3 || code_.substr(k - 3, 3) != "new") return;
    } else {
      std::size_t k = ctx_.skip_ws(e, e + 8);
      if (k >= code_.size() || code_[k] != '.') return;
      k = ctx_.skip_ws(k + 1, k + 8);
      if (code_.substr(k, f.create.size()) != f.create || is_ident_char(code_[k + f.create.size()])) return;
      name_end = k + f.create.size();
    }
    if (!ctx_.call_args(name_end) || flows_ >= kMaxLocalFlowsPerDocument) return;
    ++flows_;
    LocalFlow flow(ctx_, b);
    Range body = flow.body();
    std::string_view s = ctx_.code_of(body);
    static constexpr std::array<std::string_view, 11> uses = {
        "newDocumentBuilder", "newSAXParser", "createXMLStreamReader", "createXMLEventReader", "newTransformer",
        "newSchema",          "newValidator", "getXMLReader",          "parse",                "read",
        "build"};
    bool used = false;
    for (auto u : uses) used = used || find_word(s, u) != std::string_view::npos;
    if (!used) return;  // created here, configured and used elsewhere
    if (protected_in(body, f.secure_processing_is_enough)) return;
    ctx_.emit("xxe", b, name_end,
              std::string(f.name) + " is used without disabling DOCTYPEs or external entities");
  }

  // The text of an argument: a literal's content, or a constant's literal defined in the file.
  std::string argument_text(Range r) const {
    std::string out(ctx_.code_of(r));
    for (auto* l : ctx_.literals_in(r)) out.append(ctx_.content(*l));
    std::string_view code = trim(ctx_.code_of(r));
    std::size_t dot = code.find_last_of('.');
    std::string_view ident = dot == std::string_view::npos ? code : code.substr(dot + 1);
    if (!ident.empty() && std::all_of(ident.begin(), ident.end(), [](char c) { return is_ident_char(c); }) &&
        ctx_.literals_in(r).empty()) {
      std::size_t p = 0;
      int guard = 0;
      while ((p = find_word(code_, ident, p)) != std::string_view::npos && ++guard < 64) {
        std::size_t k = ctx_.skip_ws(p + ident.size(), p + ident.size() + 8);
        p += ident.size();
        if (k < code_.size() && code_[k] == '=' && k + 1 < code_.size() && code_[k + 1] != '=') {
          Range v = ctx_.statement_rest(k + 1);
          for (auto* l : ctx_.literals_in(v)) out.append(ctx_.content(*l));
          break;
        }
      }
    }
    return lower(out);
  }

  bool protected_in(Range body, bool secure_processing_is_enough) const {
    std::string_view s = ctx_.code_of(body);
    static constexpr std::array<std::string_view, 4> setters = {"setFeature", "setAttribute", "setProperty",
                                                                "setExpandEntityReferences"};
    for (auto setter : setters) {
      std::size_t p = 0;
      while ((p = find_word(s, setter, p)) != std::string_view::npos) {
        std::size_t abs = body.begin + p + setter.size();
        p += setter.size();
        auto args = ctx_.call_args(abs);
        if (!args) continue;
        auto parts = ctx_.split_args(*args);
        if (parts.empty()) continue;
        std::string last = lower(trim(ctx_.code_of(parts.back())));
        bool is_true = last == "true" || last == "boolean.true";
        bool is_false = last == "false" || last == "boolean.false";
        if (setter == "setExpandEntityReferences") {
          if (is_false) return true;
          continue;
        }
        if (parts.size() < 2) continue;
        std::string key = argument_text(parts[0]);
        bool empty_value = ctx_.is_constant_string(parts.back()) && [&] {
          for (auto* l : ctx_.literals_in(parts.back()))
            if (l->content_end > l->content_begin) return false;
          return true;
        }();
        if (key.find("disallow-doctype-decl") != std::string::npos && is_true) return true;
        if (key.find("external-general-entities") != std::string::npos && is_false) return true;
        if ((key.find("access_external_dtd") != std::string::npos || key.find("accessexternaldtd") != std::string::npos) &&
            empty_value)
          return true;
        if ((key.find("support_dtd") != std::string::npos || key.find("supportdtd") != std::string::npos) && is_false)
          return true;
        if ((key.find("is_supporting_external_entities") != std::string::npos ||
             key.find("issupportingexternalentities") != std::string::npos) &&
            is_false)
          return true;
        if (secure_processing_is_enough && key.find("feature_secure_processing") != std::string::npos && is_true)
          return true;
      }
    }
    return false;
  }

  RuleContext& ctx_;
  std::string_view code_;
  int flows_ = 0;  // function views built for this document (bounded)
};

}  // namespace

void run_xxe_rules(RuleContext& ctx) { XxeScanner(ctx).run(); }

}  // namespace cc::analysis
