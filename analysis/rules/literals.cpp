// Rules on string literals (secrets, interpolated command literals) and shell command lines.
#include <algorithm>
#include <array>
#include <string>

#include "analysis/rules/rules.h"
#include "analysis/rules/secrets.h"
#include "analysis/lang/text_util.h"

namespace cc::analysis {
namespace {

// A literal value that looks like a credential rather than a word, key name or message.
bool plausible_secret_value(std::string_view v) {
  if (is_placeholder_value(v)) return false;
  if (v.size() < 6) return false;
  for (char c : v)
    if (c == ' ' || c == '\n' || c == '\t') return false;
  // Field/column/key names: lower-case words joined by '_' '.' '-' without digits.
  bool only_word_chars = true;
  bool has_upper = false, has_digit = false, has_symbol = false;
  for (char c : v) {
    if (c >= 'A' && c <= 'Z') has_upper = true;
    else if (c >= '0' && c <= '9') has_digit = true;
    else if (!(c >= 'a' && c <= 'z') && c != '_' && c != '.' && c != '-') has_symbol = true;
    if (!(c >= 'a' && c <= 'z') && c != '_' && c != '.' && c != '-') only_word_chars = false;
  }
  if (only_word_chars) return false;
  // URLs, paths and file names are configuration, not secrets.
  if (v.find("://") != std::string_view::npos || v.front() == '/' || v.find("${") != std::string_view::npos) return false;
  return has_upper || has_digit || has_symbol;
}

// The name an assigned literal is bound to: `name = "..."`, `name: "..."`, `"name": "..."`,
// `obj["name"] = "..."`, `name => "..."`, `#define NAME "..."`. Empty when not an assignment.
std::string name_for_literal(const RuleContext& ctx, const StringLiteral& lit) {
  std::string_view code = ctx.code;
  std::size_t k = ctx.skip_ws_back(lit.begin);
  // Shell: NAME="..." directly attached; Python: the prefix letters belong to the literal.
  if (k == 0) return {};
  char op = code[k - 1];
  std::size_t before_op;
  if (op == '=' ) {
    if (k >= 2 && (code[k - 2] == '=' || code[k - 2] == '!' || code[k - 2] == '<' || code[k - 2] == '>')) return {};
    before_op = k - 1;
    if (before_op > 0 && code[before_op - 1] == ':') --before_op;  // :=
    if (before_op > 0 && code[before_op - 1] == '?') --before_op;  // ??= style
  } else if (op == '>' && k >= 2 && code[k - 2] == '=') {
    before_op = k - 2;  // =>
  } else if (op == ':' && !(k >= 2 && code[k - 2] == ':')) {
    before_op = k - 1;
  } else {
    // `#define NAME "..."`
    std::size_t e = k;
    std::size_t b = e;
    while (b > 0 && is_ident_char(code[b - 1])) --b;
    std::size_t d = ctx.skip_ws_back(b);
    if (b < e && d >= 6 && code.substr(d - 6, 6) == "define") return std::string(code.substr(b, e - b));
    return {};
  }
  std::size_t e = ctx.skip_ws_back(before_op);
  if (e == 0) return {};
  // Subscript or quoted key: `["name"]`, `'name' =>`, `"name":`.
  std::size_t q = e;
  if (code[q - 1] == ']') --q;
  if (q > 0 && (code[q - 1] == '"' || code[q - 1] == '\'')) {
    const StringLiteral* key = ctx.lx.string_covering(q - 1);
    if (key && key->end == q) return std::string(ctx.content(*key));
    return {};
  }
  std::size_t b = e;
  while (b > 0 && is_ident_char(code[b - 1])) --b;
  if (b == e) return {};
  return std::string(code.substr(b, e - b));
}

}  // namespace

void run_literal_rules(RuleContext& ctx) {
  for (const auto& lit : ctx.lx.strings) {
    if (ctx.budget.expired()) return;
    if (lit.kind == '/' || lit.kind == 'w') continue;
    std::string_view content = ctx.content(lit);
    // Interpolated command literals: Ruby/PHP backticks and %x().
    if (lit.kind == '`' && lit.interpolated && (ctx.lang == Language::Ruby || ctx.lang == Language::Php)) {
      ctx.emit("rb-backticks", lit.begin, std::min(lit.end, lit.begin + 1), "backtick command with interpolated data");
      continue;
    }
    // Private keys and well-known token formats anywhere in a literal.
    // Interpolated literals contain nested code (and literals); only plain literals are scanned.
    std::size_t pem = lit.interpolated ? std::string_view::npos : content.find("-----BEGIN ");
    if (pem != std::string_view::npos) {
      std::size_t eol = content.find('\n', pem);
      std::string_view head = content.substr(pem, eol == std::string_view::npos ? std::string_view::npos : eol - pem);
      if (head.find("PRIVATE KEY") != std::string_view::npos) {
        std::size_t at = lit.content_begin + pem;
        ctx.emit("secret-private-key", at, at + std::min<std::size_t>(head.size(), 40), "private key in source");
        continue;
      }
    }
    if (!lit.interpolated || lit.kind == 'h') {
      KeyMatch km = find_known_key(content);
      if (km.begin != std::string_view::npos) {
        ctx.emit("secret-known-key", lit.content_begin + km.begin, lit.content_begin + km.end,
                 std::string("hard-coded ") + km.kind);
        continue;
      }
    }
    if (lit.interpolated) continue;
    // URL with embedded credentials.
    if (content.find("://") != std::string_view::npos && content.find('@') != std::string_view::npos) {
      bool found = false;
      for (const auto& span : find_secret_spans(content)) {
        if (span.kind == "url-credentials") {
          ctx.emit("secret-assignment", lit.content_begin + span.begin, lit.content_begin + span.end,
                   "password embedded in a URL");
          found = true;
          break;
        }
      }
      if (found) continue;
    }
    std::string name = name_for_literal(ctx, lit);
    if (name.empty() || !is_credential_name(name)) continue;
    if (!plausible_secret_value(content)) continue;
    ctx.emit("secret-assignment", lit.begin, lit.end, "'" + name + "' is assigned a literal credential");
  }
}

// ---------------------------------------------------------------------------------------------
// Shell: commands are words separated by blanks on logical lines.
namespace {

struct Word {
  std::size_t begin, end;  // in the text
};

bool is_cmd_sep(char c) { return c == ';' || c == '|' || c == '&' || c == '(' || c == ')' || c == '`'; }

}  // namespace

void run_shell_rules(RuleContext& ctx) {
  if (ctx.lang != Language::Shell) return;
  std::string_view code = ctx.code;
  std::string_view text = ctx.text;
  const std::size_t n = code.size();
  std::vector<Word> words;
  auto word_text = [&](const Word& w) { return text.substr(w.begin, w.end - w.begin); };
  auto literal_value = [&](const Word& w) -> std::string {
    // Concatenate the word's quoted and unquoted parts without quotes.
    std::string out;
    for (std::size_t k = w.begin; k < w.end;) {
      const StringLiteral* s = ctx.lx.string_at(k);
      if (s && s->end <= w.end) {
        out.append(ctx.content(*s));
        k = s->end;
      } else {
        out.push_back(text[k]);
        ++k;
      }
    }
    return out;
  };
  auto process = [&]() {
    if (words.empty()) return;
    std::size_t first = 0;
    // Skip assignments and prefixes.
    while (first < words.size()) {
      std::string_view t = word_text(words[first]);
      std::size_t eq = t.find('=');
      bool assignment = eq != std::string_view::npos && eq > 0 && is_ident_start(t[0]) &&
                        std::all_of(t.begin(), t.begin() + static_cast<long>(eq), [](char c) { return is_ident_char(c); });
      if (assignment) {
        std::string_view name = t.substr(0, eq);
        Word value{words[first].begin + eq + 1, words[first].end};
        const StringLiteral* s = ctx.lx.string_at(value.begin);
        // Quoted values are handled by the literal pass; unquoted literal values here.
        if (!s && value.end > value.begin && text[value.begin] != '$' && is_credential_name(name)) {
          std::string v = literal_value(value);
          if (!is_placeholder_value(v) && v.find('$') == std::string::npos && v.find('`') == std::string::npos &&
              v.size() >= 6 && v.find('/') != 0)
            ctx.emit("secret-assignment", value.begin, value.end, "'" + std::string(name) + "' is assigned a literal credential");
        }
        // $RANDOM used for a secret-looking variable.
        std::string_view vt = text.substr(value.begin, value.end - value.begin);
        if (vt.find("RANDOM") != std::string_view::npos && (vt.find("$RANDOM") != std::string_view::npos || vt.find("${RANDOM}") != std::string_view::npos)) {
          bool secret_scope = is_credential_name(name) || name == "pass" || name == "token" || name == "nonce" || name == "salt";
          for (auto sc : ctx.scopes_at(ctx.lx.line_of(value.begin)))
            secret_scope = secret_scope || is_credential_name(sc);
          if (secret_scope) {
            std::size_t at = value.begin + vt.find("RANDOM");
            ctx.emit("insecure-random", at, at + 6, "$RANDOM is predictable and used for a secret value");
          }
        }
        ++first;
        continue;
      }
      if (t == "local" || t == "export" || t == "readonly" || t == "declare" || t == "sudo" || t == "exec" ||
          t == "command" || t == "time" || t == "nohup" || t == "env" || t == "then" || t == "do" || t == "else" ||
          t == "!" || t == "typeset") {
        ++first;
        continue;
      }
      break;
    }
    if (first >= words.size()) return;
    std::string_view cmd = word_text(words[first]);
    if (auto slash = cmd.rfind('/'); slash != std::string_view::npos) cmd = cmd.substr(slash + 1);
    auto emit_word = [&](std::string_view rule, const Word& w, std::string detail) {
      ctx.emit(rule, w.begin, w.end, std::move(detail));
    };
    if (cmd == "curl") {
      for (std::size_t k = first + 1; k < words.size(); ++k) {
        std::string_view a = word_text(words[k]);
        bool short_k = a.size() >= 2 && a[0] == '-' && a[1] != '-' && a.find('k') != std::string_view::npos &&
                       std::all_of(a.begin() + 1, a.end(), [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); });
        if (a == "--insecure" || short_k) {
          emit_word("tls-verify-disabled", words[k], "curl " + std::string(a) + " skips certificate verification");
          break;
        }
      }
    } else if (cmd == "wget") {
      for (std::size_t k = first + 1; k < words.size(); ++k)
        if (word_text(words[k]) == "--no-check-certificate") {
          emit_word("tls-verify-disabled", words[k], "wget --no-check-certificate skips certificate verification");
          break;
        }
    } else if (cmd == "git") {
      for (std::size_t k = first + 1; k < words.size(); ++k)
        if (icontains(word_text(words[k]), "sslverify=false")) {
          emit_word("tls-verify-disabled", words[k], "git http.sslVerify=false");
          break;
        }
    } else if (cmd == "eval") {
      for (std::size_t k = first + 1; k < words.size(); ++k) {
        std::string_view a = word_text(words[k]);
        if (a.find('$') != std::string_view::npos || a.find('`') != std::string_view::npos) {
          ctx.emit("sh-eval", words[first].begin, words[first].end, "eval of expanded data");
          break;
        }
      }
    } else if (cmd == "bash" || cmd == "sh" || cmd == "zsh" || cmd == "dash" || cmd == "ksh") {
      for (std::size_t k = first + 1; k + 1 < words.size(); ++k) {
        if (word_text(words[k]) != "-c") continue;
        std::string_view a = word_text(words[k + 1]);
        const StringLiteral* s = ctx.lx.string_at(words[k + 1].begin);
        bool dynamic = (s && s->interpolated) || (!s && a.find('$') != std::string_view::npos);
        if (dynamic) ctx.emit("cmd-shell-dynamic", words[first].begin, words[first].end, std::string(cmd) + " -c with expanded data");
        break;
      }
    } else if (cmd == "openssl") {
      for (std::size_t k = first + 1; k < words.size(); ++k) {
        std::string a(word_text(words[k]));
        std::string low;
        for (char c : a) low.push_back(ascii_lower(c));
        bool weak_cipher = starts_with(low, "-des") || starts_with(low, "-rc4") || starts_with(low, "-rc2") ||
                           starts_with(low, "-bf") || (low[0] == '-' && ends_with(low, "-ecb"));
        bool weak_hash = low == "-md5" || low == "md5" || low == "-sha1" || low == "sha1";
        if (k == first + 1 && (low == "des" || low == "rc4")) weak_cipher = true;
        if (weak_cipher) {
          emit_word("weak-cipher", words[k], "openssl " + a + " uses a broken cipher or mode");
          break;
        }
        if (weak_hash) {
          emit_word("weak-hash", words[k], "openssl " + a + " is not collision resistant");
          break;
        }
      }
    } else if (cmd == "mysql" || cmd == "mysqldump" || cmd == "mysqladmin" || cmd == "mysqlimport" || cmd == "sshpass") {
      for (std::size_t k = first + 1; k < words.size(); ++k) {
        std::string_view a = word_text(words[k]);
        std::string value;
        Word at = words[k];
        if (cmd != "sshpass" && a.size() > 2 && a.substr(0, 2) == "-p") {
          value = literal_value(Word{words[k].begin + 2, words[k].end});
        } else if (starts_with(a, "--password=")) {
          value = literal_value(Word{words[k].begin + 11, words[k].end});
        } else if (cmd == "sshpass" && a == "-p" && k + 1 < words.size()) {
          at = words[k + 1];
          value = literal_value(at);
        } else {
          continue;
        }
        if (!value.empty() && value.find('$') == std::string::npos && !is_placeholder_value(value))
          emit_word("secret-cli-password", at, "password literal on the " + std::string(cmd) + " command line");
        break;
      }
    }
  };

  // Walk the code view building words (a word spans quoted parts too).
  std::size_t i = 0;
  bool in_backtick = false;
  std::size_t backtick_begin = 0;
  while (i < n) {
    if ((i & 4095) == 0 && ctx.budget.expired()) return;
    char c = code[i];
    if (c == '`') {
      if (!in_backtick) {
        in_backtick = true;
        backtick_begin = i;
      } else {
        in_backtick = false;
        // Unquoted expansions inside a legacy command substitution.
        std::string_view inner = code.substr(backtick_begin + 1, i - backtick_begin - 1);
        if (inner.find('$') != std::string_view::npos)
          ctx.emit("sh-unquoted-substitution", backtick_begin, i + 1, "backtick substitution with an unquoted expansion");
      }
    }
    if (c == '\n' || is_cmd_sep(c)) {
      bool continuation = c == '\n' && i > 0 && code[i - 1] == '\\';
      if (!continuation) {
        process();
        words.clear();
      }
      ++i;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\r' || c == '\\') {
      ++i;
      continue;
    }
    // A word: until blank or separator, jumping over string literals.
    std::size_t b = i;
    while (i < n) {
      const StringLiteral* s = ctx.lx.string_at(i);
      if (s && s->end > i) {
        i = s->end;
        continue;
      }
      char d = code[i];
      if (d == ' ' || d == '\t' || d == '\n' || d == '\r' || is_cmd_sep(d)) break;
      ++i;
    }
    if (i == b) ++i;
    else words.push_back({b, i});
  }
  process();
}

}  // namespace cc::analysis
