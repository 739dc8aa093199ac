// Call- and token-based security rules: injection sinks, weak crypto, insecure randomness,
// disabled TLS verification, unsafe deserialization, unbounded C string functions and XSS.
#include <algorithm>
#include <array>
#include <string>
#include <unordered_set>

#include "analysis/rules/local_flow.h"
#include "analysis/rules/random_use.h"
#include "analysis/rules/rules.h"
#include "analysis/rules/secrets.h"
#include "analysis/lang/text_util.h"

namespace cc::analysis {
namespace {

using Lang = Language;

const std::unordered_set<std::string_view>& trigger_words() {
  static const std::unordered_set<std::string_view> words = {
      // code / command / sql
      "eval", "exec", "execSync", "execAsync", "spawn", "spawnSync", "system", "popen", "_popen", "shell_exec",
      "passthru", "proc_open", "Command", "CommandContext", "ProcessBuilder", "Start", "execute", "executemany",
      "executescript", "executeQuery", "executeUpdate", "executeLargeUpdate", "addBatch", "query", "Query",
      "QueryRow", "QueryContext", "QueryRowContext", "Exec", "ExecContext", "sqlite3_exec", "mysqli_query",
      "mysql_query", "pg_query", "where", "find_by_sql", "raw", "rawQuery", "execSQL", "Function", "setTimeout",
      "setInterval", "instance_eval", "class_eval", "module_eval", "create_function", "getoutput", "getstatusoutput",
      "call", "run", "Popen", "check_output", "check_call",
      // deserialization
      "load", "loads", "unsafe_load", "full_load", "load_all", "unserialize", "readObject", "BinaryFormatter",
      "restore",
      // crypto
      "md5", "sha1", "MD5", "SHA1", "new", "createHash", "createCipher", "createCipheriv", "getInstance", "hash",
      "openssl_encrypt", "DES", "ARC4", "MODE_ECB", "NewCipher", "NewTripleDESCipher", "md5Hex", "sha1Hex",
      "MD5CryptoServiceProvider", "SHA1Managed", "SHA1CryptoServiceProvider", "DESCryptoServiceProvider", "Sum",
      "New", "ECB", "hmac", "HMAC", "hexdigest", "md5_hex", "sha", "shaHex", "md2", "md2Hex", "getMd5Digest",
      "getSha1Digest", "getMd2Digest", "TripleDES", "Blowfish", "IDEA", "CAST5", "TripleDESCryptoServiceProvider",
      "RC2", "RC2CryptoServiceProvider", "RC4",
      // random
      "rand", "random", "drand48", "lrand48", "mt19937", "mt19937_64", "minstd_rand", "default_random_engine",
      "randint", "choice", "choices", "randrange", "getrandbits", "randbytes", "uniform", "normalvariate",
      "gauss", "triangular", "betavariate", "expovariate", "gammavariate", "lognormvariate", "paretovariate",
      "vonmisesvariate", "weibullvariate", "binomialvariate", "Intn", "Int63", "Int31", "Int",
      "Float64", "Perm", "Random", "nextInt", "nextLong", "nextDouble", "nextBytes", "nextFloat", "mt_rand",
      "uniqid", "sample", "shuffle", "ThreadLocalRandom", "Next", "NextBytes", "NextDouble", "nextBoolean",
      "nextGaussian",
      // tls
      "verify", "rejectUnauthorized", "NODE_TLS_REJECT_UNAUTHORIZED", "InsecureSkipVerify", "CURLOPT_SSL_VERIFYPEER",
      "CURLOPT_SSL_VERIFYHOST", "SSL_VERIFY_NONE", "VERIFY_NONE", "CERT_NONE", "_create_unverified_context",
      "check_hostname", "checkServerTrusted", "setHostnameVerifier", "setDefaultHostnameVerifier",
      "ALLOW_ALL_HOSTNAME_VERIFIER", "NoopHostnameVerifier", "ServerCertificateValidationCallback", "strictSSL",
      "verify_mode",
      // memory
      "gets", "strcpy", "strcat", "sprintf", "vsprintf", "scanf", "fscanf", "sscanf", "wcscpy", "wcscat", "lstrcpy",
      "lstrcat", "stpcpy", "_tcscpy", "_tcscat",
      // xss
      "innerHTML", "outerHTML", "write", "writeln", "insertAdjacentHTML", "dangerouslySetInnerHTML", "echo", "print",
  };
  return words;
}

bool is_js(Lang l) { return l == Lang::JavaScript || l == Lang::TypeScript; }
bool is_c(Lang l) { return l == Lang::C || l == Lang::Cpp; }

// Words that make a non-cryptographic random number security-relevant.
bool is_secret_context_name(std::string_view name) {
  if (name.empty()) return false;
  if (is_credential_name(name)) return true;
  std::string low;
  for (char c : name) low.push_back(ascii_lower(c));
  static constexpr std::array<std::string_view, 16> words = {"token",  "password", "passwd", "secret", "session",
                                                             "nonce",  "salt",     "otp",    "csrf",   "invite",
                                                             "apikey", "credential", "pin",  "pass",   "code",
                                                             "reset"};
  // Segment match on snake/camel case boundaries.
  std::vector<std::string> segs;
  std::string cur;
  for (std::size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    if (c == '_' || c == '-' || c == '.' || c == '$' || c == '@') {
      if (!cur.empty()) segs.push_back(cur);
      cur.clear();
      continue;
    }
    if (c >= 'A' && c <= 'Z' && !cur.empty() && i > 0 && name[i - 1] >= 'a' && name[i - 1] <= 'z') {
      segs.push_back(cur);
      cur.clear();
    }
    cur.push_back(ascii_lower(c));
  }
  if (!cur.empty()) segs.push_back(cur);
  for (const auto& s : segs)
    for (auto w : words)
      if (s == w || (w.size() >= 5 && s.find(w) != std::string::npos)) return true;
  return false;
}

class SinkScanner {
 public:
  explicit SinkScanner(RuleContext& ctx) : ctx_(ctx), code_(ctx.code), lang_(ctx.lang) {}

  void run() {
    const auto& triggers = trigger_words();
    // Cheap pre-filter on (length, first byte) and (length, last byte) before hashing: almost
    // every identifier in real code fails one of the two lookups.
    struct Filter {
      std::array<std::array<bool, 128>, 32> first{}, last{}, second{};
    };
    static const Filter filter = [] {
      Filter f;
      for (auto w : trigger_words())
        if (w.size() < 32) {
          f.first[w.size()][static_cast<unsigned char>(w.front()) & 127] = true;
          f.last[w.size()][static_cast<unsigned char>(w.back()) & 127] = true;
          if (w.size() > 1) f.second[w.size()][static_cast<unsigned char>(w[1]) & 127] = true;
        }
      for (std::size_t len = 5; len < 32; ++len) {  // EVP_*, DES_*: any last byte
        f.first[len]['E'] = f.first[len]['D'] = true;
        f.last[len].fill(true);
        f.second[len]['V'] = f.second[len]['E'] = true;
      }
      return f;
    }();
    collect_java_randoms();
    collect_go_rand_aliases();
    const std::size_t n = code_.size();
    std::size_t i = 0;
    while (i < n) {
      if (!is_ident_char(code_[i])) {
        ++i;
        continue;
      }
      const std::size_t e = ident_end(code_, i + 1);
      const std::size_t len = e - i;
      if (len < 32 && is_ident_start(code_[i]) && filter.first[len][static_cast<unsigned char>(code_[i]) & 127] &&
          filter.last[len][static_cast<unsigned char>(code_[e - 1]) & 127] &&
          (len < 2 || filter.second[len][static_cast<unsigned char>(code_[i + 1]) & 127])) {
        if (ctx_.budget.expired()) return;
        std::string_view w = code_.substr(i, len);
        if (triggers.count(w) || starts_with(w, "EVP_") || starts_with(w, "DES_")) on_word(w, i, e);
      } else if (len >= 32 && (code_[i] == 'S' || code_[i] == 'D')) {
        // The few trigger names too long for the filter (.NET certificate callbacks).
        std::string_view w = code_.substr(i, len);
        if (w == "ServerCertificateValidationCallback" || w == "ServerCertificateCustomValidationCallback" ||
            w == "DangerousAcceptAnyServerCertificateValidator")
          on_word(w, i, e);
      }
      i = e;
    }
    if (ctx_.budget.expired()) return;
    if (is_js(lang_)) react_dangerous_html();
  }

 private:
  // ---- helpers ----
  char next_char(std::size_t e) const {
    std::size_t k = ctx_.skip_ws(e, e + 64);
    return k < code_.size() ? code_[k] : '\0';
  }
  char prev_char(std::size_t b) const {
    std::size_t k = ctx_.skip_ws_back(b);
    return k > 0 ? code_[k - 1] : '\0';
  }
  bool has_receiver(std::size_t b) const { return !ctx_.receiver(b).empty(); }
  std::string_view recv(std::size_t b) const { return ctx_.receiver(b); }
  std::string_view last_component(std::string_view r) const {
    while (!r.empty() && (r.back() == '.' || r.back() == ':' || r.back() == '>' || r.back() == '-' || r.back() == '?' ||
                          r.back() == ' '))
      r.remove_suffix(1);
    if (!r.empty() && r.back() == ')') {
      // `getRuntime().exec`: the component is the called name.
      std::size_t open = r.rfind('(');
      if (open != std::string_view::npos) r = r.substr(0, open);
    }
    std::size_t k = r.size();
    while (k > 0 && (is_ident_char(r[k - 1]) || r[k - 1] == '$')) --k;
    return r.substr(k);
  }
  // `name` preceded by `def`/`function`/`func`/`fn` is a declaration, not a call.
  bool is_declaration(std::size_t b) const {
    std::size_t k = ctx_.skip_ws_back(b);
    std::size_t s = k;
    while (s > 0 && is_ident_char(code_[s - 1])) --s;
    std::string_view prev = code_.substr(s, k - s);
    return prev == "def" || prev == "function" || prev == "func" || prev == "fn" || prev == "void" ||
           prev == "public" || prev == "private" || prev == "protected" || prev == "static";
  }
  std::string literal_text(Range r) const {
    std::string s;
    for (auto* l : ctx_.literals_in(r)) s.append(ctx_.content(*l));
    return s;
  }
  std::string lower(std::string_view s) const {
    std::string out;
    for (char c : s) out.push_back(ascii_lower(c));
    return out;
  }
  bool arg_is_dynamic(Range r, bool* sql = nullptr) const { return ctx_.is_dynamic_string(r, sql); }

  // First argument not a plain literal (used for eval-like sinks).
  bool first_arg_nonliteral(const std::vector<Range>& args) const {
    if (args.empty()) return false;
    return !ctx_.is_constant_string(args[0]) && !trim(ctx_.code_of(args[0])).empty();
  }

  // ---- dispatch ----
  void on_word(std::string_view w, std::size_t b, std::size_t e) {
    const char nc = next_char(e);
    const bool call = nc == '(' || (nc == '<' && (lang_ == Lang::TypeScript || lang_ == Lang::Java));
    std::string_view r = recv(b);
    std::string_view rl = last_component(r);

    // ---------------- code injection ----------------
    // C, C++, Go, Rust and C# have no eval: a function of that name there is the program's own
    // (gmpxx.h's expression templates call eval() hundreds of times).
    const bool has_eval = lang_ != Lang::Shell && lang_ != Lang::C && lang_ != Lang::Cpp && lang_ != Lang::Go &&
                          lang_ != Lang::Rust && lang_ != Lang::CSharp;
    if (w == "eval" && call && !is_declaration(b) && has_eval) {
      auto args = ctx_.call_args(e);
      if (args) {
        auto parts = ctx_.split_args(*args);
        if (first_arg_nonliteral(parts)) {
          if (lang_ == Lang::Java || (!r.empty() && rl != "window" && rl != "global" && rl != "globalThis" && rl != "Kernel"))
            ctx_.emit(lang_ == Lang::Java ? "java-script-eval" : "code-eval", b, e, "eval() of a run-time string");
          else
            ctx_.emit("code-eval", b, e, "eval() of a run-time string");
        }
      }
      return;
    }
    if (w == "exec" && call && lang_ == Lang::Python && r.empty() && !is_declaration(b)) {
      if (auto args = ctx_.call_args(e); args && first_arg_nonliteral(ctx_.split_args(*args)))
        ctx_.emit("py-exec", b, e, "exec() of a run-time string");
      return;
    }
    if ((w == "instance_eval" || w == "class_eval" || w == "module_eval") && lang_ == Lang::Ruby) {
      if (auto args = ctx_.call_args(e); args && first_arg_nonliteral(ctx_.split_args(*args)))
        ctx_.emit("code-eval", b, e, w == "instance_eval" ? "instance_eval of a string" : "class_eval of a string");
      return;
    }
    if (w == "create_function" && lang_ == Lang::Php && call) {
      ctx_.emit("code-eval", b, e, "create_function() compiles code from strings");
      return;
    }
    if (w == "Function" && is_js(lang_) && call) {
      if (auto args = ctx_.call_args(e)) {
        auto parts = ctx_.split_args(*args);
        bool dyn = false;
        for (auto& p : parts) dyn = dyn || !ctx_.is_constant_string(p);
        if (dyn && !parts.empty()) ctx_.emit("js-new-function", b, e, "new Function() with run-time source");
      }
      return;
    }
    if ((w == "setTimeout" || w == "setInterval") && is_js(lang_) && call && r.empty()) {
      if (auto args = ctx_.call_args(e)) {
        auto parts = ctx_.split_args(*args);
        if (!parts.empty() && !ctx_.literals_in(parts[0]).empty()) {
          // A literal at the start of the first argument means code as a string.
          std::size_t k = ctx_.skip_ws(parts[0].begin);
          if (ctx_.lx.string_at(k)) ctx_.emit("js-string-timer", b, e, std::string(w) + "() with a string argument");
        }
      }
      return;
    }

    // ---------------- command injection ----------------
    if (command_sink(w, b, e, call, r, rl)) return;

    // ---------------- SQL injection ----------------
    if (sql_sink(w, b, e, call, r, rl)) return;

    // ---------------- deserialization ----------------
    if (deserialization(w, b, e, call, r, rl)) return;

    // A C declaration or macro definition (`const EVP_CIPHER *EVP_des_ecb(void);`, `char *gets(char *);`,
    // `#define SSL_VERIFY_NONE (0)`) names the function; only calls use it.
    if (is_c(lang_) && call && c_prototype(b)) return;

    // ---------------- crypto ----------------
    if (weak_crypto(w, b, e, call, r, rl)) return;

    // ---------------- random ----------------
    if (insecure_random(w, b, e, call, r, rl)) return;

    // ---------------- TLS ----------------
    if (tls(w, b, e, call, r, rl)) return;

    // ---------------- memory ----------------
    if (is_c(lang_) && call && memory(w, b, e, r)) return;

    // ---------------- XSS ----------------
    xss(w, b, e, call, r);
  }

  bool command_sink(std::string_view w, std::size_t b, std::size_t e, bool call, std::string_view r,
                    std::string_view rl) {
    auto first_dynamic = [&](std::size_t index = 0) {
      auto args = ctx_.call_args(e);
      if (!args) return false;
      auto parts = ctx_.split_args(*args);
      if (parts.size() <= index) return false;
      return arg_is_dynamic(parts[index]);
    };
    switch (lang_) {
      case Lang::C:
      case Lang::Cpp:
        if ((w == "system" || w == "popen" || w == "_popen") && call && (r.empty() || r == "std::" || rl == "std")) {
          if (first_dynamic()) ctx_.emit("cmd-shell-dynamic", b, e, std::string(w) + "() runs a command built at run time");
          return true;
        }
        return false;
      case Lang::Python:
        if (call && ((rl == "os" && (w == "system" || w == "popen")) ||
                     ((rl == "commands" || rl == "subprocess") && (w == "getoutput" || w == "getstatusoutput")))) {
          if (first_dynamic()) ctx_.emit("cmd-shell-dynamic", b, e, "os." + std::string(w) + "() runs a shell command built at run time");
          return true;
        }
        if (call && rl == "subprocess" &&
            (w == "call" || w == "run" || w == "Popen" || w == "check_output" || w == "check_call")) {
          auto args = ctx_.call_args(e);
          if (!args) return true;
          std::string_view a = ctx_.code_of(*args);
          bool shell = a.find("shell=True") != std::string_view::npos || a.find("shell = True") != std::string_view::npos;
          auto parts = ctx_.split_args(*args);
          if (shell && !parts.empty() && arg_is_dynamic(parts[0]))
            ctx_.emit("py-subprocess-shell", b, e, "subprocess with shell=True and a command built at run time");
          return true;
        }
        return false;
      case Lang::JavaScript:
      case Lang::TypeScript:
        if (call && (w == "exec" || w == "execSync" || w == "execAsync" || w == "spawn" || w == "spawnSync") &&
            (r.empty() || rl == "child_process" || rl == "cp" || rl == "childProcess")) {
          auto args = ctx_.call_args(e);
          if (!args) return true;
          auto parts = ctx_.split_args(*args);
          bool sql = false;
          if (parts.empty() || !arg_is_dynamic(parts[0], &sql)) return true;
          if (sql) return false;  // db.exec(`SELECT ...`) is SQL, handled below
          if ((w == "spawn" || w == "spawnSync") && ctx_.code_of(*args).find("shell") == std::string_view::npos) return true;
          ctx_.emit("cmd-shell-dynamic", b, e, std::string(w) + "() runs a shell command built at run time");
          return true;
        }
        return false;
      case Lang::Java:
        if (w == "exec" && call && !r.empty()) {
          auto args = ctx_.call_args(e);
          if (!args) return true;
          auto parts = ctx_.split_args(*args);
          if (!parts.empty() && arg_is_dynamic(parts[0]))
            ctx_.emit("cmd-shell-dynamic", b, e, "Runtime.exec() with a command string built at run time");
          return true;
        }
        if (w == "ProcessBuilder" && call) {
          auto args = ctx_.call_args(e);
          if (!args) return true;
          auto parts = ctx_.split_args(*args);
          std::string joined = lower(literal_text(*args));
          bool shell = parts.size() >= 3 && (joined.find("sh") != std::string::npos) &&
                       ctx_.code_of(*args).find('"') != std::string_view::npos;
          bool has_c = false;
          for (auto& p : parts)
            if (trim(std::string_view(literal_text(p))) == "-c" || literal_text(p) == "/c") has_c = true;
          if (shell && has_c) {
            for (auto& p : parts)
              if (arg_is_dynamic(p)) {
                ctx_.emit("cmd-shell-dynamic", b, e, "ProcessBuilder running a shell with a command built at run time");
                break;
              }
          }
          return true;
        }
        return false;
      case Lang::Go:
        if ((w == "Command" || w == "CommandContext") && call && rl == "exec") {
          auto args = ctx_.call_args(e);
          if (!args) return true;
          auto parts = ctx_.split_args(*args);
          std::size_t prog = w == "CommandContext" ? 1 : 0;
          if (parts.size() <= prog) return true;
          std::string p0 = literal_text(parts[prog]);
          bool is_shell = p0 == "sh" || p0 == "bash" || p0 == "/bin/sh" || p0 == "/bin/bash" || p0 == "zsh" ||
                          p0 == "cmd" || p0 == "cmd.exe" || p0 == "powershell";
          if (is_shell) {
            for (std::size_t k = prog + 1; k < parts.size(); ++k)
              if (arg_is_dynamic(parts[k])) {
                ctx_.emit("go-exec-shell", b, e, "exec.Command runs a shell with a command built at run time");
                break;
              }
          } else if (arg_is_dynamic(parts[prog])) {
            ctx_.emit("cmd-shell-dynamic", b, e, "exec.Command with a program name built at run time");
          }
          return true;
        }
        return false;
      case Lang::Ruby:
        if ((w == "system" || w == "exec" || w == "spawn" || (w == "popen" && rl == "IO")) && (call || nc_is_string(e)) &&
            (r.empty() || rl == "Kernel" || rl == "IO" || rl == "Process")) {
          std::vector<Range> parts;
          if (call) {
            auto args = ctx_.call_args(e);
            if (args) parts = ctx_.split_args(*args);
          } else {
            parts.push_back(ctx_.statement_rest(e));
          }
          // A single string argument goes through the shell; several arguments do not.
          if (parts.size() == 1 && arg_is_dynamic(parts[0]))
            ctx_.emit("cmd-shell-dynamic", b, e, std::string(w) + " with a single interpolated command string");
          return true;
        }
        return false;
      case Lang::Php:
        if ((w == "exec" || w == "shell_exec" || w == "system" || w == "passthru" || w == "popen" ||
             w == "proc_open") &&
            call && r.empty()) {
          auto args = ctx_.call_args(e);
          if (args) {
            auto parts = ctx_.split_args(*args);
            if (!parts.empty() && arg_is_dynamic(parts[0]))
              ctx_.emit("cmd-shell-dynamic", b, e, std::string(w) + "() runs a command built at run time");
          }
          return true;
        }
        return false;
      case Lang::CSharp:
        if (w == "Start" && call && rl == "Process") {
          if (first_dynamic()) ctx_.emit("cmd-shell-dynamic", b, e, "Process.Start with a command built at run time");
          return true;
        }
        return false;
      default:
        return false;
    }
  }

  bool nc_is_string(std::size_t e) const {
    std::size_t k = ctx_.skip_ws(e, e + 8);
    return k < code_.size() && ctx_.lx.string_at(k) != nullptr;
  }

  bool sql_sink(std::string_view w, std::size_t b, std::size_t e, bool call, std::string_view r, std::string_view rl) {
    static const std::unordered_set<std::string_view> strong = {
        "executeQuery", "executeUpdate", "executeLargeUpdate", "addBatch", "sqlite3_exec", "mysqli_query",
        "mysql_query",  "pg_query",      "find_by_sql",        "rawQuery", "execSQL",      "executescript"};
    static const std::unordered_set<std::string_view> weak = {"execute", "executemany", "query",    "Query",
                                                              "QueryRow", "QueryContext", "QueryRowContext",
                                                              "Exec",    "ExecContext", "exec",     "raw",
                                                              "where"};
    bool is_strong = strong.count(w) != 0;
    bool is_weak = weak.count(w) != 0;
    if (!is_strong && !is_weak) return false;
    if (!call) return false;
    if (is_declaration(b)) return true;
    if (w == "where" && lang_ != Lang::Ruby) return false;
    if (w == "exec" && (lang_ == Lang::Python || lang_ == Lang::Php || lang_ == Lang::Ruby || lang_ == Lang::Java))
      return false;
    if (w == "raw" && lang_ != Lang::Python && lang_ != Lang::Ruby && lang_ != Lang::Php) return false;
    if (is_weak && r.empty() && w != "query" && !(lang_ == Lang::Php)) {
      // Bare `query(...)`/`execute(...)` calls are usually local helpers; still check clearly dynamic SQL.
    }
    (void)rl;
    auto args = ctx_.call_args(e);
    if (!args) return true;
    auto parts = ctx_.split_args(*args);
    std::size_t limit = std::min<std::size_t>(parts.size(), 3);
    for (std::size_t k = 0; k < limit; ++k) {
      bool sql = false;
      if (!arg_is_dynamic(parts[k], &sql)) continue;
      if (is_strong || sql || (w == "where" && lang_ == Lang::Ruby)) {
        ctx_.emit("sql-dynamic-query", b, e, std::string(w) + "() runs SQL built from run-time values");
        return true;
      }
    }
    return true;
  }

  bool deserialization(std::string_view w, std::size_t b, std::size_t e, bool call, std::string_view r,
                       std::string_view rl) {
    switch (lang_) {
      case Lang::Python:
        if (!call) return false;
        if ((rl == "pickle" || rl == "cPickle" || rl == "dill" || rl == "marshal" || rl == "_pickle" || rl == "jsonpickle") &&
            (w == "load" || w == "loads" || w == "Unpickler")) {
          ctx_.emit("py-pickle-load", b, e, std::string(rl) + "." + std::string(w) + "() can execute code from the data");
          return true;
        }
        if (rl == "yaml" && (w == "load" || w == "load_all" || w == "unsafe_load" || w == "full_load")) {
          auto args = ctx_.call_args(e);
          if (!args) return true;
          std::string_view a = ctx_.code_of(*args);
          if (a.find("SafeLoader") != std::string_view::npos || a.find("CSafeLoader") != std::string_view::npos ||
              a.find("BaseLoader") != std::string_view::npos)
            return true;
          std::optional<QuickFix> fix;
          auto parts = ctx_.split_args(*args);
          if (w == "load" && parts.size() == 1) {
            int line = ctx_.lx.line_of(b);
            int col = static_cast<int>(b - ctx_.lx.line_starts[static_cast<std::size_t>(line)]);
            fix = QuickFix{"Use yaml.safe_load", {{line, col, line, col + 4, "safe_load"}}};
          }
          ctx_.emit("py-yaml-load", b, e, "yaml." + std::string(w) + "() without SafeLoader", std::move(fix));
          return true;
        }
        return false;
      case Lang::Ruby:
        if ((rl == "Marshal" && (w == "load" || w == "restore")) ||
            ((rl == "YAML" || rl == "Psych") && (w == "load" || w == "unsafe_load" || w == "load_documents"))) {
          std::optional<QuickFix> fix;
          if (rl != "Marshal" && w == "load") {
            int line = ctx_.lx.line_of(b);
            int col = static_cast<int>(b - ctx_.lx.line_starts[static_cast<std::size_t>(line)]);
            fix = QuickFix{"Use YAML.safe_load", {{line, col, line, col + 4, "safe_load"}}};
          }
          ctx_.emit("rb-marshal-load", b, e, std::string(rl) + "." + std::string(w) + " instantiates arbitrary objects",
                    std::move(fix));
          return true;
        }
        return false;
      case Lang::Java:
        if (w == "readObject" && call && !r.empty() && rl != "this" && rl != "super") {
          auto args = ctx_.call_args(e);
          if (args && trim(ctx_.code_of(*args)).empty())
            ctx_.emit("java-readobject", b, e, "ObjectInputStream.readObject() on external data");
          return true;
        }
        return false;
      case Lang::Php:
        if (w == "unserialize" && call && r.empty()) {
          auto args = ctx_.call_args(e);
          if (args) {
            auto parts = ctx_.split_args(*args);
            if (!parts.empty() && !ctx_.is_constant_string(parts[0]))
              ctx_.emit("php-unserialize", b, e, "unserialize() of non-constant data");
          }
          return true;
        }
        return false;
      case Lang::JavaScript:
      case Lang::TypeScript:
        if (w == "unserialize" && call) {
          ctx_.emit("js-unserialize", b, e, "unserialize() from node-serialize evaluates embedded functions");
          return true;
        }
        return false;
      case Lang::CSharp:
        if (w == "BinaryFormatter") {
          ctx_.emit("cs-binaryformatter", b, e, "BinaryFormatter deserialization");
          return true;
        }
        return false;
      default:
        return false;
    }
  }

  bool weak_crypto(std::string_view w, std::size_t b, std::size_t e, bool call, std::string_view r,
                   std::string_view rl) {
    auto weak_hash = [&](std::string detail) { ctx_.emit("weak-hash", b, e, std::move(detail)); };
    auto weak_cipher = [&](std::string detail) { ctx_.emit("weak-cipher", b, e, std::move(detail)); };
    auto alg_is_weak_hash = [&](std::string s) {
      s = lower(s);
      return s == "md5" || s == "sha1" || s == "sha-1" || s == "md4" || s == "md2";
    };
    auto alg_is_weak_cipher = [&](std::string s) {
      s = lower(s);
      return starts_with(s, "des") || starts_with(s, "rc4") || starts_with(s, "rc2") || s == "arcfour" ||
             starts_with(s, "bf-") || s.find("ecb") != std::string::npos || s == "blowfish";
    };
    // The algorithm name: a literal, or what a variable or a properties lookup with a literal
    // default holds (`props.getProperty("hashAlg1", "SHA512")`).
    auto first_literal = [&](std::optional<Range> args) -> std::string {
      if (!args) return {};
      auto parts = ctx_.split_args(*args);
      if (parts.empty()) return {};
      // A literal, or a lookup written inline (`getInstance(props.getProperty("k", "MD5"))`),
      // whose literals are a key and a fallback, not the name.
      const bool has_literal = !ctx_.literals_in(parts[0]).empty();
      if (has_literal && ctx_.code_of(parts[0]).find('(') == std::string_view::npos) return literal_text(parts[0]);
      std::string resolved;
      if (flow_walks_ < kMaxLocalFlowsPerDocument) {
        ++flow_walks_;
        resolved = LocalFlow(ctx_, parts[0].begin).string_value(parts[0], parts[0].begin);
      }
      return resolved.empty() && has_literal ? literal_text(parts[0]) : resolved;
    };
    switch (lang_) {
      case Lang::Python:
        if ((w == "md5" || w == "sha1") && (rl == "hashlib" || rl == "MD5" || rl == "SHA1" || rl == "Crypto")) {
          if (call) {
            auto args = ctx_.call_args(e);
            if (args && ctx_.code_of(*args).find("usedforsecurity") != std::string_view::npos) return true;
          }
          weak_hash("hashlib." + std::string(w) + " is not collision resistant");
          return true;
        }
        if (w == "new" && call && rl == "hashlib") {
          auto args = ctx_.call_args(e);
          if (args && ctx_.code_of(*args).find("usedforsecurity") != std::string_view::npos) return true;
          if (alg_is_weak_hash(first_literal(args))) weak_hash("hashlib.new('" + first_literal(args) + "')");
          return true;
        }
        if (w == "new" && call && (rl == "MD5" || rl == "SHA1" || rl == "SHA")) {
          weak_hash(std::string(rl) + ".new()");
          return true;
        }
        if (w == "new" && call && (rl == "DES" || rl == "ARC4" || rl == "DES3" || rl == "Blowfish")) {
          weak_cipher(std::string(rl) + " cipher");
          return true;
        }
        if (w == "MODE_ECB") {
          weak_cipher("ECB mode");
          return true;
        }
        // pyca/cryptography: algorithms.TripleDES(...), modes.ECB(), hashes.MD5()
        if (call && rl == "algorithms" && (w == "TripleDES" || w == "ARC4" || w == "Blowfish" || w == "IDEA" || w == "CAST5")) {
          weak_cipher("algorithms." + std::string(w) + " is a broken or 64-bit-block cipher");
          return true;
        }
        if (call && rl == "modes" && w == "ECB") {
          weak_cipher("modes.ECB leaks plaintext patterns");
          return true;
        }
        if (call && rl == "hashes" && (w == "MD5" || w == "SHA1")) {
          weak_hash("hashes." + std::string(w) + " is not collision resistant");
          return true;
        }
        return false;
      case Lang::C:
      case Lang::Cpp: {
        if (!call) return false;
        if (w == "MD5" || w == "SHA1" || w == "MD5_Init" || w == "SHA1_Init") {
          weak_hash(std::string(w) + "() is not collision resistant");
          return true;
        }
        if (starts_with(w, "EVP_")) {
          std::string lw = lower(w.substr(4));
          if (lw == "md5" || lw == "sha1" || lw == "md4") weak_hash(std::string(w) + "()");
          else if (starts_with(lw, "des") || starts_with(lw, "rc4") || starts_with(lw, "rc2") || starts_with(lw, "bf_") ||
                   ends_with(lw, "_ecb"))
            weak_cipher(std::string(w) + "() selects a broken cipher or mode");
          return true;
        }
        if (starts_with(w, "DES_") && w != "DES_") {
          weak_cipher(std::string(w) + "() uses DES");
          return true;
        }
        return false;
      }
      case Lang::Go:
        if ((rl == "md5" || rl == "sha1") && (w == "Sum" || w == "New") && call) {
          weak_hash(std::string(rl) + "." + std::string(w) + "()");
          return true;
        }
        if ((rl == "des" || rl == "rc4") && (w == "NewCipher" || w == "NewTripleDESCipher") && call) {
          weak_cipher(std::string(rl) + "." + std::string(w) + "()");
          return true;
        }
        return false;
      case Lang::Java:
        if (w == "getInstance" && call &&
            (rl == "MessageDigest" || rl == "Cipher" || rl == "Mac" || rl == "KeyGenerator" || rl == "SecretKeyFactory")) {
          std::string alg = first_literal(ctx_.call_args(e));
          std::string la = lower(alg);
          // The JDK's providers register plain "SHA" as an alias of SHA-1.
          if (rl == "MessageDigest" && (alg_is_weak_hash(alg) || la == "sha"))
            weak_hash("MessageDigest \"" + alg + "\"" + (la == "sha" ? " is SHA-1" : ""));
          else if (rl == "Mac" && (la == "hmacmd5" || la == "hmacsha1")) weak_hash("Mac \"" + alg + "\"");
          else if (rl == "Cipher" || rl == "KeyGenerator" || rl == "SecretKeyFactory") {
            // "AES" alone means AES/ECB/PKCS5Padding with the default providers. "RSA/ECB/..." is the
            // JCE's name for plain RSA (one block, no chaining), not ECB mode of a block cipher.
            const bool asymmetric = starts_with(la, "rsa") || starts_with(la, "ecies");
            if (starts_with(la, "des") || starts_with(la, "rc4") || starts_with(la, "rc2") || starts_with(la, "arcfour") ||
                (la.find("/ecb") != std::string::npos && !asymmetric) || starts_with(la, "blowfish") ||
                (rl == "Cipher" && la == "aes"))
              weak_cipher(std::string(rl) + " \"" + alg + "\"" + (la == "aes" ? " defaults to ECB mode" : ""));
          }
          return true;
        }
        if ((w == "md5Hex" || w == "sha1Hex") && call) {
          weak_hash(std::string(w) + "()");
          return true;
        }
        if (call && rl == "DigestUtils" &&
            (w == "md5" || w == "sha1" || w == "sha" || w == "shaHex" || w == "md2" || w == "md2Hex" ||
             w == "getMd5Digest" || w == "getSha1Digest" || w == "getMd2Digest")) {
          weak_hash("DigestUtils." + std::string(w) + "()");
          return true;
        }
        return false;
      case Lang::JavaScript:
      case Lang::TypeScript:
        if ((w == "createHash" || w == "createHmac") && call) {
          std::string alg = first_literal(ctx_.call_args(e));
          if (alg_is_weak_hash(alg)) weak_hash(std::string(w) + "('" + alg + "')");
          return true;
        }
        if ((w == "createCipheriv" || w == "createCipher" || w == "createDecipheriv") && call) {
          std::string alg = first_literal(ctx_.call_args(e));
          if (alg_is_weak_cipher(alg)) weak_cipher(std::string(w) + "('" + alg + "')");
          return true;
        }
        if ((w == "MD5" || w == "SHA1") && call && rl == "CryptoJS") {
          weak_hash("CryptoJS." + std::string(w));
          return true;
        }
        return false;
      case Lang::Ruby:
        if ((w == "MD5" || w == "SHA1") && (rl == "Digest" || rl == "OpenSSL")) {
          weak_hash(std::string(r) + std::string(w));
          return true;
        }
        return false;
      case Lang::Php:
        if ((w == "md5" || w == "sha1") && call && r.empty()) {
          weak_hash(std::string(w) + "() is not suitable for passwords or signatures");
          return true;
        }
        if ((w == "hash" || w == "hash_hmac") && call && r.empty()) {
          if (alg_is_weak_hash(first_literal(ctx_.call_args(e)))) weak_hash("hash('" + first_literal(ctx_.call_args(e)) + "')");
          return true;
        }
        if (w == "openssl_encrypt" && call) {
          auto args = ctx_.call_args(e);
          if (args) {
            auto parts = ctx_.split_args(*args);
            if (parts.size() > 1 && alg_is_weak_cipher(literal_text(parts[1]))) weak_cipher("openssl_encrypt with " + literal_text(parts[1]));
          }
          return true;
        }
        return false;
      case Lang::CSharp:
        if ((w == "MD5" || w == "SHA1") && next_char(e) == '.') {
          weak_hash(std::string(w));
          return true;
        }
        if (w == "MD5CryptoServiceProvider" || w == "SHA1Managed" || w == "SHA1CryptoServiceProvider") {
          weak_hash(std::string(w));
          return true;
        }
        if (w == "DESCryptoServiceProvider" || w == "TripleDESCryptoServiceProvider" || w == "RC2CryptoServiceProvider" ||
            ((w == "DES" || w == "TripleDES" || w == "RC2") && next_char(e) == '.') || (w == "ECB" && rl == "CipherMode")) {
          weak_cipher(std::string(w));
          return true;
        }
        return false;
      default:
        return false;
    }
  }

  // A C/C++ function declaration rather than a call: a type name or `Type *` right before the name.
  bool c_prototype(std::size_t b) const {
    std::size_t k = ctx_.skip_ws_back(b);
    if (k > 0 && code_[k - 1] == '*') {
      k = ctx_.skip_ws_back(k - 1);
      return k > 0 && is_ident_char(code_[k - 1]);
    }
    std::string_view prev = prev_word(b);
    return !prev.empty() && prev != "return" && prev != "case" && prev != "else" && prev != "do";
  }

  // Java: names declared as java.util.Random.
  void collect_java_randoms() {
    if (lang_ != Lang::Java && lang_ != Lang::CSharp) return;
    std::size_t p = 0;
    while ((p = find_word(code_, "Random", p)) != std::string_view::npos) {
      // `Random name` or `name = new Random(`
      std::size_t k = ctx_.skip_ws(p + 6, p + 64);
      std::size_t ne = k;
      while (ne < code_.size() && is_ident_char(code_[ne])) ++ne;
      if (ne > k && !declared_secure_random(p + 6)) java_randoms_.insert(std::string(code_.substr(k, ne - k)));
      p += 6;
    }
  }
  // Go: import aliases of math/rand (crypto/rand is fine).
  void collect_go_rand_aliases() {
    if (lang_ != Lang::Go) return;
    for (const auto& s : ctx_.lx.strings) {
      if (ctx_.content(s) != "math/rand" && ctx_.content(s) != "math/rand/v2") continue;
      std::size_t k = ctx_.skip_ws_back(s.begin);
      std::size_t b = k;
      while (b > 0 && is_ident_char(code_[b - 1])) --b;
      std::string_view alias = code_.substr(b, k - b);
      go_rand_aliases_.insert(alias.empty() || alias == "import" ? std::string("rand") : std::string(alias));
    }
  }

  // The assignment target on the statement containing `b` (`x = ...`, `x := ...`, `x += ...`).
  std::string_view assignment_target(std::size_t b) const {
    int line = ctx_.lx.line_of(b);
    std::size_t ls = ctx_.lx.line_starts[static_cast<std::size_t>(line)];
    std::string_view before = code_.substr(ls, b - ls);
    std::size_t eq = std::string_view::npos;
    for (std::size_t k = before.size(); k-- > 0;) {
      if (before[k] == '=' && (k + 1 >= before.size() || before[k + 1] != '=') && (k == 0 || (before[k - 1] != '=' && before[k - 1] != '!' && before[k - 1] != '<' && before[k - 1] != '>'))) {
        eq = k;
        break;
      }
    }
    if (eq == std::string_view::npos) return {};
    std::size_t e = eq;
    while (e > 0 && (before[e - 1] == ' ' || before[e - 1] == ':' || before[e - 1] == '+' || before[e - 1] == '|')) --e;
    if (e > 0 && before[e - 1] == ']') {
      // `b[i] = ...`: use the array name.
      std::size_t open = before.rfind('[', e);
      if (open != std::string_view::npos) e = open;
    }
    std::size_t s = e;
    while (s > 0 && (is_ident_char(before[s - 1]) || before[s - 1] == '.' || before[s - 1] == '@' || before[s - 1] == '$')) --s;
    return before.substr(s, e - s);
  }

  bool secret_context(std::size_t b) const {
    std::string_view target = assignment_target(b);
    // JSX attributes (`key={...}`) are not assignments to a secret.
    if (!target.empty() && is_secret_context_name(target) && target != "key") return true;
    int line = ctx_.lx.line_of(b);
    for (auto name : ctx_.scopes_at(line))
      if (is_secret_context_name(name)) return true;
    return false;
  }

  bool insecure_random(std::string_view w, std::size_t b, std::size_t e, bool call, std::string_view r,
                       std::string_view rl) {
    bool hit = false;
    std::string what;
    switch (lang_) {
      case Lang::C:
      case Lang::Cpp:
        if ((w == "rand" || w == "random" || w == "drand48" || w == "lrand48") && call && (r.empty() || rl == "std")) hit = true;
        if (w == "mt19937" || w == "mt19937_64" || w == "minstd_rand" || w == "default_random_engine") hit = !call || true;
        break;
      case Lang::Python:
        if (rl == "random" && call &&
            (w == "random" || w == "randint" || w == "choice" || w == "choices" || w == "randrange" ||
             w == "getrandbits" || w == "randbytes" || w == "uniform" || w == "sample" || w == "shuffle" ||
             w == "Random" || w == "triangular" || w == "gauss" || w.ends_with("variate")))
          hit = true;
        break;
      case Lang::JavaScript:
      case Lang::TypeScript:
        if (w == "random" && rl == "Math" && call) hit = true;
        break;
      case Lang::Java:
      case Lang::CSharp:
        if (w == "random" && rl == "Math" && call) hit = true;
        if ((w == "nextInt" || w == "nextLong" || w == "nextDouble" || w == "nextBytes" || w == "nextFloat" ||
             w == "nextBoolean" || w == "nextGaussian" || w == "Next" || w == "NextBytes" || w == "NextDouble") &&
            call && (java_randoms_.count(std::string(rl)) || rl == "Random"))
          hit = true;
        if (w == "Random" && (prev_word(b) == "new" || r == "java.util." || r == "System.")) hit = true;
        // `java.util.Random g = SecureRandom.getInstance(...)`: the declared type is the base class,
        // the generator is a SecureRandom.
        if (hit && w == "Random" && prev_word(b) != "new" && declared_secure_random(e)) hit = false;
        if (w == "ThreadLocalRandom" && lang_ == Lang::Java) hit = true;
        break;
      case Lang::Go:
        if (call && go_rand_aliases_.count(std::string(rl)) &&
            (w == "Intn" || w == "Int63" || w == "Int31" || w == "Int" || w == "Float64" || w == "Perm" ||
             w == "Read" || w == "Int63n" || w == "Int31n" || w == "Uint32" || w == "Uint64"))
          hit = true;
        break;
      case Lang::Ruby:
        if ((w == "rand" && (r.empty() || rl == "Random" || rl == "Kernel")) ||
            (w == "new" && rl == "Random"))
          hit = true;
        break;
      case Lang::Php:
        if ((w == "rand" || w == "mt_rand" || w == "uniqid" || w == "lcg_value") && call && r.empty()) hit = true;
        break;
      default:
        break;
    }
    if (!hit) return false;
    if (secret_context(b)) {
      ctx_.emit("insecure-random", b, e, std::string(w) + " is predictable and used for a secret value");
    } else if (flow_walks_ < kMaxLocalFlowsPerDocument && (++flow_walks_, random_reaches_security_use(ctx_, b, e))) {
      ctx_.emit("insecure-random", b, e, std::string(w) + " is predictable and its value reaches a cookie, session or token");
    }
    return true;
  }

  // After a type name at `e`: `name = <initializer>;` whose initializer makes a SecureRandom.
  bool declared_secure_random(std::size_t e) const {
    std::size_t k = ctx_.skip_ws(e, std::min(code_.size(), e + 64));
    if (k >= code_.size() || !is_ident_start(code_[k])) return false;
    k = ctx_.skip_ws(ident_end(code_, k), std::min(code_.size(), k + 128));
    if (k >= code_.size() || code_[k] != '=' || (k + 1 < code_.size() && code_[k + 1] == '=')) return false;
    std::size_t semi = code_.find(';', k);
    if (semi == std::string_view::npos || semi - k > 200) return false;
    std::string_view init = code_.substr(k + 1, semi - k - 1);
    return init.find("SecureRandom") != std::string_view::npos;
  }

  std::string_view prev_word(std::size_t b) const {
    std::size_t k = ctx_.skip_ws_back(b);
    std::size_t s = k;
    while (s > 0 && is_ident_char(code_[s - 1])) --s;
    return code_.substr(s, k - s);
  }

  // The value after `name:`/`name =`/`name,` (up to the statement or element end).
  Range value_after(std::size_t e) const {
    std::size_t k = ctx_.skip_ws(e, e + 64);
    if (k < code_.size() && (code_[k] == ':' || code_[k] == '=' || code_[k] == ',')) {
      if (k + 1 < code_.size() && code_[k + 1] == '=') return {};
      ++k;
    } else if (k + 1 < code_.size() && code_[k] == '=' && code_[k + 1] == '>') {
      k += 2;
    } else {
      return {};
    }
    k = ctx_.skip_ws(k, k + 64);
    std::size_t v = k;
    while (v < code_.size() && (is_ident_char(code_[v]) || code_[v] == '.' || code_[v] == ':' || code_[v] == '\'' || code_[v] == '"')) ++v;
    return {k, v};
  }

  TextEditBytes edit_for(Range r, std::string replacement) const {
    int line = ctx_.lx.line_of(r.begin);
    int col = static_cast<int>(r.begin - ctx_.lx.line_starts[static_cast<std::size_t>(line)]);
    int eline = ctx_.lx.line_of(r.end);
    int ecol = static_cast<int>(r.end - ctx_.lx.line_starts[static_cast<std::size_t>(eline)]);
    return {line, col, eline, ecol, std::move(replacement)};
  }

  bool tls(std::string_view w, std::size_t b, std::size_t e, bool call, std::string_view r, std::string_view rl) {
    auto value_is = [&](Range v, std::initializer_list<std::string_view> vals) {
      std::string_view s = ctx_.code_of(v);
      for (auto x : vals)
        if (s == x) return true;
      return false;
    };
    if (w == "verify" && lang_ == Lang::Java && call && !has_receiver(b)) {
      // HostnameVerifier.verify(String, SSLSession) { return true; }
      auto args = ctx_.call_args(e);
      if (!args || ctx_.code_of(*args).find("SSLSession") == std::string_view::npos) return true;
      std::size_t k = ctx_.skip_ws(args->end + 1, args->end + 64);
      if (k < code_.size() && code_[k] == '{') {
        std::size_t close = code_.find('}', k);
        if (close != std::string_view::npos && close - k < 256) {
          std::string_view body = trim(code_.substr(k + 1, close - k - 1));
          if (body == "return true;") ctx_.emit("tls-verify-disabled", b, e, "a HostnameVerifier that accepts every host");
        }
      }
      return true;
    }
    if (w == "verify" && lang_ == Lang::Python) {
      // `verify=False` (a keyword argument) or `session.verify = False`.
      Range v = value_after(e);
      if (!v.empty() && value_is(v, {"False"}) && code_[ctx_.skip_ws(e)] == '=') {
        QuickFix fix{"Turn certificate verification back on", {edit_for(v, "True")}};
        ctx_.emit("tls-verify-disabled", b, v.end, "verify=False disables certificate checks", std::move(fix));
      }
      return true;
    }
    if (w == "check_hostname" && lang_ == Lang::Python) {
      Range v = value_after(e);
      if (!v.empty() && value_is(v, {"False"})) ctx_.emit("tls-verify-disabled", b, v.end, "check_hostname = False");
      return true;
    }
    if (w == "CERT_NONE" && lang_ == Lang::Python) {
      // Only setting it disables verification: `verify_mode != CERT_NONE` and `in (CERT_NONE, ...)` compare.
      std::size_t k = ctx_.skip_ws_back(b - r.size());
      char before = k > 0 ? code_[k - 1] : '\0';
      char before2 = k > 1 ? code_[k - 2] : '\0';
      bool sets = (before == '=' && before2 != '=' && before2 != '!' && before2 != '<' && before2 != '>') || before == ':';
      if (sets) ctx_.emit("tls-verify-disabled", b, e, "CERT_NONE accepts any certificate");
      return true;
    }
    if (w == "_create_unverified_context" && lang_ == Lang::Python) {
      if (!is_declaration(b)) ctx_.emit("tls-verify-disabled", b, e, std::string(w) + " accepts any certificate");
      return true;
    }
    if ((w == "rejectUnauthorized" || w == "strictSSL") && is_js(lang_)) {
      Range v = value_after(e);
      if (!v.empty() && value_is(v, {"false", "0"})) {
        QuickFix fix{"Verify the server certificate", {edit_for(v, "true")}};
        ctx_.emit("tls-verify-disabled", b, v.end, std::string(w) + ": false accepts any certificate", std::move(fix));
      }
      return true;
    }
    if (w == "NODE_TLS_REJECT_UNAUTHORIZED" && is_js(lang_)) {
      std::size_t k = ctx_.skip_ws(e, e + 16);
      if (k < code_.size() && code_[k] == '=' && (k + 1 >= code_.size() || code_[k + 1] != '=')) {
        Range rhs = ctx_.statement_rest(k + 1);
        std::string lit = literal_text(rhs);
        if (lit == "0" || ctx_.code_of(rhs) == "0") ctx_.emit("tls-verify-disabled", b, e, "NODE_TLS_REJECT_UNAUTHORIZED=0 disables TLS checks process-wide");
      }
      return true;
    }
    if (w == "InsecureSkipVerify" && lang_ == Lang::Go) {
      Range v = value_after(e);
      if (!v.empty() && value_is(v, {"true"})) {
        QuickFix fix{"Verify the server certificate", {edit_for(v, "false")}};
        ctx_.emit("tls-verify-disabled", b, v.end, "InsecureSkipVerify: true accepts any certificate", std::move(fix));
      }
      return true;
    }
    if ((w == "CURLOPT_SSL_VERIFYPEER" || w == "CURLOPT_SSL_VERIFYHOST") && (is_c(lang_) || lang_ == Lang::Php)) {
      Range v = value_after(e);
      if (!v.empty() && value_is(v, {"0", "0L", "false", "FALSE", "False"}))
        ctx_.emit("tls-verify-disabled", b, v.end, std::string(w) + " set to 0");
      return true;
    }
    if ((w == "SSL_VERIFY_NONE" && is_c(lang_)) || (w == "VERIFY_NONE" && (lang_ == Lang::Ruby || lang_ == Lang::Python || lang_ == Lang::Php))) {
      ctx_.emit("tls-verify-disabled", b, e, std::string(w) + " skips certificate verification");
      return true;
    }
    if (w == "verify_mode" && lang_ == Lang::Ruby) return false;
    if (lang_ == Lang::Java) {
      if (w == "checkServerTrusted" && call) {
        auto args = ctx_.call_args(e);
        if (!args) return true;
        std::size_t close = args->end;
        std::size_t k = ctx_.skip_ws(close + 1, close + 256);
        // Optional `throws X, Y`.
        if (code_.substr(k, 6) == "throws") {
          while (k < code_.size() && code_[k] != '{' && code_[k] != ';') ++k;
        }
        if (k < code_.size() && code_[k] == '{') {
          std::size_t body = ctx_.skip_ws(k + 1, k + 4096);
          if (body < code_.size() && code_[body] == '}') ctx_.emit("tls-verify-disabled", b, e, "checkServerTrusted accepts every certificate");
        }
        return true;
      }
      if ((w == "setHostnameVerifier" || w == "setDefaultHostnameVerifier") && call) {
        auto args = ctx_.call_args(e);
        if (!args) return true;
        std::string_view a = ctx_.code_of(*args);
        std::size_t arrow = a.find("->");
        bool always_true = arrow != std::string_view::npos && trim(a.substr(arrow + 2)) == "true";
        if (always_true || a.find("ALLOW_ALL") != std::string_view::npos || a.find("NoopHostnameVerifier") != std::string_view::npos)
          ctx_.emit("tls-verify-disabled", b, e, "a hostname verifier that accepts every host");
        return true;
      }
      if (w == "ALLOW_ALL_HOSTNAME_VERIFIER" || w == "NoopHostnameVerifier") {
        if (prev_word(b) == "new" || rl.size()) ctx_.emit("tls-verify-disabled", b, e, "hostname verification disabled");
        return true;
      }
    }
    if (w == "DangerousAcceptAnyServerCertificateValidator" && lang_ == Lang::CSharp) {
      ctx_.emit("tls-verify-disabled", b, e, "DangerousAcceptAnyServerCertificateValidator accepts any certificate");
      return true;
    }
    if ((w == "ServerCertificateValidationCallback" || w == "ServerCertificateCustomValidationCallback") &&
        lang_ == Lang::CSharp) {
      Range rest = ctx_.statement_rest(e);
      std::string_view s = ctx_.code_of(rest);
      std::size_t arrow = s.find("=>");
      if (arrow != std::string_view::npos && trim(s.substr(arrow + 2)) == "true")
        ctx_.emit("tls-verify-disabled", b, e, "certificate validation callback always returns true");
      return true;
    }
    if (w == "verify_peer" || w == "verify_peer_name") return false;
    return false;
  }

  bool memory(std::string_view w, std::size_t b, std::size_t e, std::string_view r) {
    if (!(r.empty() || r == "std::" || last_component(r) == "std")) return false;
    if (is_declaration(b)) return true;
    if (w == "gets") {
      ctx_.emit("c-gets", b, e, "gets() reads without a bound");
      return true;
    }
    if (w == "strcpy" || w == "wcscpy" || w == "lstrcpy" || w == "stpcpy" || w == "_tcscpy") {
      ctx_.emit("c-strcpy", b, e, std::string(w) + "() copies without a bound");
      return true;
    }
    if (w == "strcat" || w == "wcscat" || w == "lstrcat" || w == "_tcscat") {
      ctx_.emit("c-strcat", b, e, std::string(w) + "() appends without a bound");
      return true;
    }
    if (w == "sprintf") {
      ctx_.emit("c-sprintf", b, e, "sprintf() writes without a bound");
      return true;
    }
    if (w == "vsprintf") {
      ctx_.emit("c-vsprintf", b, e, "vsprintf() writes without a bound");
      return true;
    }
    if (w == "scanf" || w == "fscanf" || w == "sscanf") {
      auto args = ctx_.call_args(e);
      if (!args) return true;
      auto parts = ctx_.split_args(*args);
      std::size_t fmt_index = w == "scanf" ? 0 : 1;
      if (parts.size() <= fmt_index) return true;
      std::string fmt = literal_text(parts[fmt_index]);
      for (std::size_t k = 0; k + 1 < fmt.size(); ++k) {
        if (fmt[k] != '%') continue;
        if (fmt[k + 1] == '%') {
          ++k;
          continue;
        }
        std::size_t m = k + 1;
        if (m < fmt.size() && fmt[m] == '*') ++m;
        bool width = false;
        while (m < fmt.size() && fmt[m] >= '0' && fmt[m] <= '9') ++m, width = true;
        while (m < fmt.size() && (fmt[m] == 'l' || fmt[m] == 'h')) ++m;
        if (m < fmt.size() && (fmt[m] == 's' || fmt[m] == '[') && !width) {
          ctx_.emit("c-scanf-unbounded", b, e, std::string(w) + "() with %s and no field width");
          return true;
        }
      }
      return true;
    }
    return false;
  }

  void xss(std::string_view w, std::size_t b, std::size_t e, bool call, std::string_view r) {
    if (is_js(lang_)) {
      if ((w == "innerHTML" || w == "outerHTML") && prev_char(b) == '.') {
        std::size_t k = ctx_.skip_ws(e, e + 16);
        std::size_t rhs = std::string_view::npos;
        if (k < code_.size() && code_[k] == '=' && (k + 1 >= code_.size() || code_[k + 1] != '=')) rhs = k + 1;
        else if (k + 1 < code_.size() && code_[k] == '+' && code_[k + 1] == '=') rhs = k + 2;
        if (rhs == std::string_view::npos) return;
        Range v = ctx_.statement_rest(rhs);
        if (v.empty() || ctx_.is_constant_string(v) || ctx_.is_constant_expr(v)) return;
        ctx_.emit("js-inner-html", b, e, std::string(w) + " assigned a value built from data");
        return;
      }
      if ((w == "write" || w == "writeln") && call && last_component(r) == "document") {
        auto args = ctx_.call_args(e);
        if (!args) return;
        if (!ctx_.is_constant_string(*args) && !ctx_.is_constant_expr(*args)) {
          std::size_t rb = b - r.size();
          ctx_.emit("js-document-write", rb, e, "document." + std::string(w) + "() with data");
        }
        return;
      }
      if (w == "insertAdjacentHTML" && call) {
        auto args = ctx_.call_args(e);
        if (!args) return;
        auto parts = ctx_.split_args(*args);
        if (parts.size() >= 2 && !ctx_.is_constant_string(parts[1]) && !ctx_.is_constant_expr(parts[1]))
          ctx_.emit("js-inner-html", b, e, "insertAdjacentHTML with data");
      }
      return;
    }
    if (lang_ == Lang::Php && (w == "echo" || w == "print")) {
      Range v = ctx_.statement_rest(e);
      // `?>` also ends the statement.
      std::string_view s = ctx_.code_of(v);
      if (auto close = s.find("?>"); close != std::string_view::npos) s = s.substr(0, close);
      static constexpr std::array<std::string_view, 5> sources = {"$_GET", "$_POST", "$_REQUEST", "$_COOKIE", "$_SERVER"};
      bool request = false;
      for (auto src : sources) request = request || s.find(src) != std::string_view::npos;
      if (!request) return;
      static constexpr std::array<std::string_view, 8> escapes = {"htmlspecialchars", "htmlentities", "intval",
                                                                  "(int)",            "esc_html",     "urlencode",
                                                                  "strip_tags",       "json_encode"};
      for (auto esc : escapes)
        if (s.find(esc) != std::string_view::npos) return;
      ctx_.emit("php-echo-request", b, e, std::string(w) + " of request data without escaping");
    }
  }

  void react_dangerous_html() {
    std::size_t p = 0;
    while ((p = find_word(code_, "dangerouslySetInnerHTML", p)) != std::string_view::npos) {
      std::size_t e = p + 23;
      std::size_t h = code_.find("__html", e);
      if (h == std::string_view::npos || h > e + 64) {
        p = e;
        continue;
      }
      std::size_t colon = ctx_.skip_ws(h + 6, h + 32);
      if (colon < code_.size() && code_[colon] == ':') {
        Range v = ctx_.statement_rest(colon + 1);
        if (!v.empty() && !ctx_.is_constant_string(v) && !ctx_.is_constant_expr(v))
          ctx_.emit("react-dangerous-html", p, e, "dangerouslySetInnerHTML with non-constant HTML");
      }
      p = e;
    }
  }

  RuleContext& ctx_;
  std::string_view code_;
  Lang lang_;
  std::unordered_set<std::string> java_randoms_;
  std::unordered_set<std::string> go_rand_aliases_;
  int flow_walks_ = 0;  // random values followed through their function (bounded per document)
};

}  // namespace

void run_sink_rules(RuleContext& ctx) {
  if (ctx.lang == Language::Shell) return;
  SinkScanner(ctx).run();
}

}  // namespace cc::analysis
