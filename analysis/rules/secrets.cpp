#include "analysis/rules/secrets.h"

#include <algorithm>
#include <array>
#include <cstring>

namespace cc::analysis {
namespace {

constexpr std::size_t npos = std::string_view::npos;

bool is_upper_digit(char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }
bool is_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}
bool is_word(char c) { return is_alnum(c) || c == '_'; }
bool is_space(char c) { return c == ' ' || c == '\t'; }
char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool starts_with_at(std::string_view text, std::size_t at, std::string_view prefix) {
  return text.size() >= at + prefix.size() && text.compare(at, prefix.size(), prefix) == 0;
}

// Length of the run starting at `at` whose bytes satisfy `pred`.
template <class Pred>
std::size_t run_length(std::string_view text, std::size_t at, Pred pred) {
  std::size_t n = 0;
  while (at + n < text.size() && pred(text[at + n])) ++n;
  return n;
}

bool boundary_before(std::string_view text, std::size_t at) { return at == 0 || !is_alnum(text[at - 1]); }

// One well-known key format anchored at `at`; returns the end offset or npos.
std::size_t match_known_key_at(std::string_view text, std::size_t at, const char*& kind) {
  const char c = text[at];
  if (!boundary_before(text, at)) return npos;
  if (c == 'A') {
    if (starts_with_at(text, at, "AKIA") || starts_with_at(text, at, "ASIA")) {
      std::size_t n = run_length(text, at + 4, is_upper_digit);
      if (n == 16) {
        kind = "aws-access-key";
        return at + 20;
      }
    }
    if (starts_with_at(text, at, "AIza")) {
      std::size_t n = run_length(text, at + 4, [](char ch) { return is_alnum(ch) || ch == '_' || ch == '-'; });
      if (n >= 35) {
        kind = "google-api-key";
        return at + 4 + n;
      }
    }
    return npos;
  }
  if (c == 'g') {
    static constexpr std::array<std::string_view, 5> prefixes = {"ghp_", "gho_", "ghu_", "ghs_", "ghr_"};
    for (auto p : prefixes) {
      if (starts_with_at(text, at, p)) {
        std::size_t n = run_length(text, at + 4, is_alnum);
        if (n >= 30) {
          kind = "github-token";
          return at + 4 + n;
        }
      }
    }
    if (starts_with_at(text, at, "github_pat_")) {
      std::size_t n = run_length(text, at + 11, is_word);
      if (n >= 22) {
        kind = "github-token";
        return at + 11 + n;
      }
    }
    return npos;
  }
  if (c == 's' && starts_with_at(text, at, "sk-") && (at == 0 || text[at - 1] != '-')) {
    std::size_t n = run_length(text, at + 3, [](char ch) { return is_alnum(ch) || ch == '_' || ch == '-'; });
    if (n >= 20) {
      std::string_view body = text.substr(at + 3, n);
      bool digit = std::any_of(body.begin(), body.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
      bool upper = std::any_of(body.begin(), body.end(), [](char ch) { return ch >= 'A' && ch <= 'Z'; });
      if (digit && upper) {
        kind = "openai-key";
        return at + 3 + n;
      }
    }
    return npos;
  }
  if (c == 'x' && starts_with_at(text, at, "xox") && at + 4 < text.size() && text[at + 4] == '-' &&
      std::strchr("baprs", text[at + 3]) != nullptr) {
    std::size_t n = run_length(text, at + 5, [](char ch) { return is_alnum(ch) || ch == '-'; });
    if (n >= 10) {
      kind = "slack-token";
      return at + 5 + n;
    }
  }
  return npos;
}

// PEM private key block beginning at `at` ("-----BEGIN ... PRIVATE KEY-----").
std::size_t match_pem_at(std::string_view text, std::size_t at) {
  if (!starts_with_at(text, at, "-----BEGIN ")) return npos;
  std::size_t eol = text.find('\n', at);
  std::string_view line = text.substr(at, (eol == npos ? text.size() : eol) - at);
  if (line.find("PRIVATE KEY-----") == npos) return npos;
  std::size_t end_marker = text.find("-----END ", at + line.size());
  if (end_marker == npos) return text.size();
  std::size_t close = text.find("-----", end_marker + 9);
  std::size_t end_eol = text.find('\n', end_marker);
  if (close != npos && (end_eol == npos || close < end_eol)) return close + 5;
  return end_eol == npos ? text.size() : end_eol;
}

// Splits an identifier into lower-case segments on '_', '-', '.' and camelCase boundaries.
std::vector<std::string> identifier_segments(std::string_view id) {
  std::vector<std::string> out;
  std::string cur;
  for (std::size_t i = 0; i < id.size(); ++i) {
    char c = id[i];
    if (c == '_' || c == '-' || c == '.') {
      if (!cur.empty()) out.push_back(std::move(cur));
      cur.clear();
      continue;
    }
    bool upper = c >= 'A' && c <= 'Z';
    if (upper && !cur.empty() && i > 0) {
      char prev = id[i - 1];
      bool prev_lower = (prev >= 'a' && prev <= 'z') || (prev >= '0' && prev <= '9');
      bool next_lower = i + 1 < id.size() && id[i + 1] >= 'a' && id[i + 1] <= 'z';
      bool prev_upper = prev >= 'A' && prev <= 'Z';
      if (prev_lower || (prev_upper && next_lower)) {
        out.push_back(std::move(cur));
        cur.clear();
      }
    }
    cur.push_back(lower(c));
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool contains_secret_char_mix(std::string_view v) {
  bool digit = false, other = false;
  for (char c : v) {
    if (c >= '0' && c <= '9') digit = true;
    else if (!(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z') && c != '_' && c != '.') other = true;
  }
  return digit || other;
}

// Reads a quoted literal starting at the quote `at`; returns the closing quote offset or npos.
std::size_t closing_quote(std::string_view text, std::size_t at) {
  const char q = text[at];
  for (std::size_t i = at + 1; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\\') {
      ++i;
      continue;
    }
    if (c == q) return i;
    if (c == '\n' && q != '`') return npos;
  }
  return npos;
}

void add_assignment_spans(std::string_view text, std::vector<SecretSpan>& out) {
  std::size_t i = 0;
  const std::size_t n = text.size();
  while (i < n) {
    if (!(is_alnum(text[i]) || text[i] == '_') || (i > 0 && (is_word(text[i - 1]) || text[i - 1] == '-'))) {
      ++i;
      continue;
    }
    std::size_t start = i;
    std::size_t len = run_length(text, i, [](char c) { return is_word(c) || c == '-'; });
    std::string_view name = text.substr(start, len);
    i += len;
    if (len < 3 || !is_credential_name(name)) continue;
    bool line_start = true;
    for (std::size_t k = start; k > 0 && text[k - 1] != '\n'; --k) {
      if (!is_space(text[k - 1])) {
        line_start = false;
        break;
      }
    }
    // `export NAME=value` counts as a line-start assignment.
    if (!line_start && start >= 7 && text.compare(start - 7, 7, "export ") == 0) line_start = true;
    std::size_t j = i;
    if (j < n && (text[j] == '"' || text[j] == '\'')) ++j;  // closing quote of a quoted key
    if (j < n && text[j] == ']') ++j;                       // obj["password"] = ...
    bool spaced = false;
    while (j < n && is_space(text[j])) ++j, spaced = true;
    std::size_t op = j;
    if (j < n && text[j] == ':' && j + 1 < n && text[j + 1] == '=') j += 2;
    else if (j < n && text[j] == '=' && j + 1 < n && text[j + 1] == '>') j += 2;
    else if (j < n && (text[j] == '=' || text[j] == ':') && !(j + 1 < n && text[j + 1] == '=')) j += 1;
    else continue;
    const char op_char = text[op];
    std::size_t after_op = j;
    while (j < n && is_space(text[j])) ++j;
    if (j >= n) break;
    char c = text[j];
    if (c == '"' || c == '\'' || c == '`') {
      std::size_t close = closing_quote(text, j);
      if (close == npos) continue;
      std::string_view value = text.substr(j + 1, close - j - 1);
      if (!is_placeholder_value(value) && value.find(' ') == npos)
        out.push_back({j + 1, close, "assignment"});
      i = close + 1;
      continue;
    }
    // Unquoted values: only in KEY=value (.env, shell) or `key: value` (YAML) lines.
    if (!line_start) continue;
    if (op_char == '=' && (spaced || after_op != j)) continue;
    if (c == '$' || c == '{' || c == '[' || c == '(' || c == '&' || c == '*' || c == '!') continue;
    std::size_t vlen = run_length(text, j, [](char ch) {
      return ch != '\n' && ch != '\r' && ch != ' ' && ch != '\t' && ch != ';' && ch != '#';
    });
    std::string_view value = text.substr(j, vlen);
    if (value.find('(') != npos || value.find('$') != npos) continue;
    if (is_placeholder_value(value) || !contains_secret_char_mix(value)) continue;
    out.push_back({j, j + vlen, "assignment"});
    i = j + vlen;
  }
}

void add_bearer_spans(std::string_view text, std::vector<SecretSpan>& out) {
  for (std::size_t at = text.find("earer "); at != npos; at = text.find("earer ", at + 6)) {
    if (at == 0 || lower(text[at - 1]) != 'b' || !boundary_before(text, at - 1)) continue;
    std::size_t j = at + 6;
    while (j < text.size() && text[j] == ' ') ++j;
    std::size_t n = run_length(text, j, [](char c) {
      return is_alnum(c) || c == '.' || c == '_' || c == '~' || c == '+' || c == '/' || c == '-' || c == '=';
    });
    if (n < 16) continue;
    std::string_view value = text.substr(j, n);
    if (is_placeholder_value(value)) continue;
    out.push_back({j, j + n, "bearer-token"});
  }
}

void add_url_credential_spans(std::string_view text, std::vector<SecretSpan>& out) {
  for (std::size_t at = text.find("://"); at != npos; at = text.find("://", at + 3)) {
    std::size_t j = at + 3;
    std::size_t colon = npos;
    std::size_t k = j;
    for (; k < text.size(); ++k) {
      char c = text[k];
      if (c == '@' || c == '/' || c == ' ' || c == '\t' || c == '\n' || c == '"' || c == '\'' || c == '`' ||
          c == '?' || c == '#' || c == '<' || c == '>')
        break;
      if (c == ':' && colon == npos) colon = k;
    }
    if (k >= text.size() || text[k] != '@' || colon == npos || colon == j || colon + 1 == k) continue;
    std::string_view password = text.substr(colon + 1, k - colon - 1);
    if (is_placeholder_value(password) || password.front() == '$' || password.front() == '{' ||
        password.front() == '%')
      continue;
    out.push_back({colon + 1, k, "url-credentials"});
  }
}

}  // namespace

bool is_credential_name(std::string_view identifier) {
  std::vector<std::string> segs = identifier_segments(identifier);
  if (segs.empty()) return false;
  // Names that describe a credential rather than hold one.
  static constexpr std::array<std::string_view, 36> descriptive = {
      "field",   "fields", "name",   "names",   "label",  "prompt",  "message", "msg",    "header",
      "param",   "column", "col",    "type",    "url",    "uri",     "path",    "file",   "length",
      "len",     "min",    "max",    "regex",   "pattern", "env",    "var",     "count",  "hint",
      "placeholder", "policy", "hash", "hashed", "salt",  "endpoint", "expiry", "expires", "reset"};
  const std::string& last = segs.back();
  if (std::find(descriptive.begin(), descriptive.end(), last) != descriptive.end()) return false;
  if (segs.size() == 1 && last == "pwd") return false;  // $PWD is the working directory
  for (std::size_t i = 0; i < segs.size(); ++i) {
    const std::string& s = segs[i];
    if (s.find("password") != npos || s.find("passwd") != npos || s.find("secret") != npos) return true;
    if (s == "pwd" || s == "apikey" || s == "credentials" || s == "credential") return true;
    if (s == "pass" && i + 1 == segs.size() && segs.size() > 1) return true;
    if (s == "token" || s == "tokens" || (s.size() > 5 && ends_with(s, "token"))) {
      // Paging/LLM counters are not credentials.
      if (i > 0 && (segs[i - 1] == "next" || segs[i - 1] == "page" || segs[i - 1] == "max" ||
                    segs[i - 1] == "continuation"))
        return false;
      return true;
    }
    if (s == "key" && i > 0) {
      const std::string& p = segs[i - 1];
      if (p == "api" || p == "access" || p == "private" || p == "secret" || p == "auth" || p == "signing" ||
          p == "encryption" || p == "master" || p == "client" || p == "license")
        return true;
    }
    if (ends_with(s, "apikey") || ends_with(s, "accesskey") || ends_with(s, "privatekey")) return true;
  }
  return false;
}

bool is_placeholder_value(std::string_view value) {
  // Trim surrounding whitespace.
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
  if (value.size() < 4) return true;
  std::string low;
  low.reserve(value.size());
  for (char c : value) low.push_back(lower(c));
  if (low.front() == '<' && low.back() == '>') return true;
  if (low.find("${") != npos || low.find("{{") != npos || low.front() == '$' || low.front() == '%' ||
      low.find("%s") != npos || low.find("%(") != npos)
    return true;
  static constexpr std::array<std::string_view, 22> words = {
      "changeme", "change-me", "change_me", "example", "placeholder", "your-", "your_", "yourpassword",
      "redacted", "dummy", "replace", "todo", "fixme", "insert", "xxxx", "****", "....", "secret",
      "password", "token", "none", "null"};
  for (auto w : words) {
    if (w == "secret" || w == "password" || w == "token" || w == "none" || w == "null") {
      if (low == w) return true;
    } else if (low.find(w) != npos) {
      return true;
    }
  }
  // A single repeated character ("aaaaaa", "000000").
  if (std::all_of(low.begin(), low.end(), [&](char c) { return c == low.front(); })) return true;
  return false;
}

KeyMatch find_known_key(std::string_view text, std::size_t from) {
  for (std::size_t i = from; i < text.size(); ++i) {
    char c = text[i];
    if (c != 'A' && c != 'g' && c != 's' && c != 'x') continue;
    const char* kind = "";
    std::size_t end = match_known_key_at(text, i, kind);
    if (end != npos) return {i, end, kind};
  }
  return {};
}

std::vector<SecretSpan> find_secret_spans(std::string_view text) {
  std::vector<SecretSpan> spans;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '-') {
      if (text[i + 0] == '-' && starts_with_at(text, i, "-----BEGIN ")) {
        std::size_t end = match_pem_at(text, i);
        if (end != npos) {
          spans.push_back({i, end, "private-key"});
          i = end - 1;
        }
      }
      continue;
    }
    if (c != 'A' && c != 'g' && c != 's' && c != 'x') continue;
    const char* kind = "";
    std::size_t end = match_known_key_at(text, i, kind);
    if (end != npos) {
      spans.push_back({i, end, kind});
      i = end - 1;
    }
  }
  add_assignment_spans(text, spans);
  add_bearer_spans(text, spans);
  add_url_credential_spans(text, spans);

  std::stable_sort(spans.begin(), spans.end(), [](const SecretSpan& a, const SecretSpan& b) { return a.begin < b.begin; });
  std::vector<SecretSpan> merged;
  for (auto& s : spans) {
    if (!merged.empty() && s.begin < merged.back().end) {
      merged.back().end = std::max(merged.back().end, s.end);
      continue;
    }
    merged.push_back(std::move(s));
  }
  return merged;
}

std::string redact_secrets(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t pos = 0;
  for (const auto& s : find_secret_spans(text)) {
    out.append(text.substr(pos, s.begin - pos));
    out.append("[REDACTED:").append(s.kind).append("]");
    pos = s.end;
  }
  out.append(text.substr(pos));
  return out;
}

}  // namespace cc::analysis
