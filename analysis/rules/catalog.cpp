#include "analysis/rules/catalog.h"

#include <algorithm>
#include <array>

namespace cc::analysis {
namespace {

constexpr Severity E = Severity::Error;
constexpr Severity W = Severity::Warning;
constexpr Severity I = Severity::Information;

constexpr std::array<RuleInfo, 56> kRules = {{
    // secret
    {"secret-assignment", "secret", E, "Hard-coded credential",
     "A password, token or key is written into the source, where every reader and every copy of the repository "
     "sees it. Load it from the environment or a secret manager instead, and rotate the exposed value.", 798},
    {"secret-known-key", "secret", E, "Hard-coded API key or token",
     "This literal has the format of a real provider key (AWS, GitHub, OpenAI, Slack, Google, Stripe). Remove it, "
     "revoke it at the provider, and read the key from the environment or a secret manager.", 798},
    {"secret-private-key", "secret", E, "Private key embedded in source",
     "A PEM private key in source code is compromised as soon as the code is shared. Load it from a protected file "
     "or a key store and replace the key.", 798},
    {"secret-cli-password", "secret", E, "Password passed on a command line",
     "A literal password in a command is stored in the script and visible in the process list. Use an option file "
     "with restricted permissions or an environment variable.", 798},
    // code-injection
    {"code-eval", "code-injection", E, "eval of dynamic code",
     "Evaluating a string built at run time lets whoever controls that string run arbitrary code. Parse the input "
     "(JSON, a small expression parser, a lookup table) instead of evaluating it.", 94},
    {"js-new-function", "code-injection", E, "new Function with dynamic source",
     "new Function compiles its string arguments like eval. Build behaviour from data, not from generated source.", 94},
    {"js-string-timer", "code-injection", E, "setTimeout/setInterval with a string",
     "A string passed to setTimeout/setInterval is evaluated like eval. Pass a function instead.", 94},
    // command-injection
    {"cmd-shell-dynamic", "command-injection", E, "Shell command built from dynamic data",
     "The command line goes through a shell and contains run-time data, so metacharacters in that data run "
     "extra commands. Pass an argument list to an API that does not use a shell (execve, execFile, subprocess.run "
     "with a list, ProcessBuilder), or validate the data strictly.", 78},
    {"sh-unquoted-substitution", "command-injection", E, "Command substitution with unquoted expansion",
     "A backtick command substitution with an unquoted variable splits and globs the value, so crafted input "
     "adds arguments or files. Quote the expansion, use \"$(...)\" and prefer find -exec or arrays.", 78},
    // sql-injection
    {"sql-dynamic-query", "sql-injection", E, "SQL built from dynamic data",
     "The query text is assembled from run-time values, so a crafted value changes the statement. Use "
     "placeholders (?, $1, %s with parameters, prepared statements) and pass the values separately.", 89},
    // weak-crypto
    {"weak-hash", "weak-crypto", W, "MD5/SHA-1 used for security",
     "MD5 and SHA-1 are broken for passwords and signatures. Use a password hash (bcrypt, scrypt, Argon2, PBKDF2) "
     "for passwords and SHA-256 or better (HMAC-SHA-256) for signatures.", 328},
    {"weak-cipher", "weak-crypto", E, "Weak cipher or mode (DES, RC4, ECB)",
     "DES and RC4 are broken and ECB mode leaks plaintext patterns. Use AES-GCM or ChaCha20-Poly1305.", 327},
    // insecure-random
    {"insecure-random", "insecure-random", W, "Non-cryptographic random number for a secret",
     "This generator is predictable, so tokens, codes and passwords made from it can be guessed. Use a CSPRNG: "
     "secrets (Python), crypto.randomBytes/getRandomValues (JS), SecureRandom (Java/Ruby), crypto/rand (Go), "
     "RAND_bytes or getrandom (C/C++).", 330},
    // unsafe-memory
    {"c-gets", "unsafe-memory", E, "gets() cannot be used safely",
     "gets() has no buffer size and overflows on long input; it was removed from C11. Use fgets().", 242},
    {"c-strcpy", "unsafe-memory", W, "strcpy() without a bound",
     "strcpy() writes past the destination when the source is longer. Use snprintf(dst, sizeof dst, \"%s\", src), "
     "strlcpy, or std::string. Not auto-fixed: strncpy does not terminate and needs the real buffer size.", 120},
    {"c-strcat", "unsafe-memory", W, "strcat() without a bound",
     "strcat() overflows when the combined length exceeds the buffer. Use snprintf, strlcat or std::string.", 120},
    {"c-sprintf", "unsafe-memory", W, "sprintf() without a bound",
     "sprintf() writes an unbounded amount of output. Use snprintf(buf, sizeof buf, ...).", 120},
    {"c-vsprintf", "unsafe-memory", W, "vsprintf() without a bound", "Use vsnprintf(buf, sizeof buf, ...).", 120},
    {"c-scanf-unbounded", "unsafe-memory", W, "scanf %s without a field width",
     "%s without a width reads an unbounded word into a fixed buffer. Give a width (%255s) or read with fgets.", 120},
    // tls-disabled
    {"tls-verify-disabled", "tls-disabled", E, "TLS certificate or hostname verification disabled",
     "Without verification anyone on the network path can impersonate the server. Keep verification on and trust "
     "a private CA explicitly (a CA bundle) when needed.", 295},
    // unsafe-deserialization
    {"py-pickle-load", "unsafe-deserialization", E, "pickle/marshal load of untrusted data",
     "Unpickling runs arbitrary code chosen by whoever produced the bytes. Use JSON or another data-only format.", 502},
    {"py-yaml-load", "unsafe-deserialization", E, "yaml.load without a safe loader",
     "yaml.load with the default or full loader can construct arbitrary Python objects. Use yaml.safe_load.", 502},
    {"rb-marshal-load", "unsafe-deserialization", E, "Marshal.load / YAML.load of untrusted data",
     "Marshal.load and unsafe YAML loading instantiate arbitrary objects. Use JSON or YAML.safe_load.", 502},
    {"java-readobject", "unsafe-deserialization", E, "ObjectInputStream.readObject on untrusted data",
     "Java deserialization of untrusted bytes enables gadget-chain code execution. Use a data format (JSON) or an "
     "ObjectInputFilter allow-list.", 502},
    {"php-unserialize", "unsafe-deserialization", E, "unserialize() of request data",
     "unserialize() on user data can instantiate objects and trigger magic methods. Use json_decode.", 502},
    {"js-unserialize", "unsafe-deserialization", E, "node-serialize unserialize()",
     "node-serialize evaluates functions embedded in the payload. Use JSON.parse.", 502},
    {"cs-binaryformatter", "unsafe-deserialization", E, "BinaryFormatter deserialization",
     "BinaryFormatter is insecure by design. Use System.Text.Json or a data-only serializer.", 502},
    // xss
    {"js-inner-html", "xss", E, "innerHTML/outerHTML assigned dynamic data",
     "HTML built from data runs any script the data contains. Assign textContent, or sanitise with a vetted "
     "library (DOMPurify) before inserting HTML.", 79},
    {"js-document-write", "xss", E, "document.write with dynamic data",
     "document.write parses its argument as HTML. Create elements and set textContent instead.", 79},
    {"react-dangerous-html", "xss", E, "dangerouslySetInnerHTML with non-constant HTML",
     "React escapes text by default; dangerouslySetInnerHTML bypasses that. Render the data as children or "
     "sanitise it first.", 79},
    {"php-echo-request", "xss", E, "Request data echoed without escaping",
     "Echoing $_GET/$_POST/$_REQUEST/$_COOKIE writes attacker-controlled HTML. Wrap it in "
     "htmlspecialchars($v, ENT_QUOTES, 'UTF-8').", 79},
    // insecure-cookie
    {"cookie-insecure", "insecure-cookie", W, "Cookie sent without the Secure flag",
     "A cookie without Secure is also sent over plain HTTP, where anyone on the network path reads it. Set the "
     "Secure flag (setSecure(true), secure=True, { secure: true }) on every cookie that identifies a user.", 614},
    {"cookie-no-httponly", "insecure-cookie", W, "Cookie readable by scripts (no HttpOnly)",
     "Without HttpOnly any script on the page, including one injected through XSS, can read the cookie. Set "
     "HttpOnly (setHttpOnly(true), httponly=True, { httpOnly: true }) unless client code must read it.", 1004},
    // xxe
    {"xxe", "xxe", E, "XML parser resolves external entities",
     "A parser that accepts a DOCTYPE and resolves external entities lets a crafted document read local files or "
     "reach internal hosts (XXE). Disallow DOCTYPE declarations (disallow-doctype-decl) or disable external "
     "entities and DTD loading before parsing.", 611},
    // quality
    {"complexity", "complexity", W, "Cyclomatic complexity too high",
     "Many decision points make a function hard to test and to change. Split it into smaller functions or "
     "replace branch chains with lookup tables.", 1121},
    {"deep-nesting", "deep-nesting", W, "Blocks nested too deeply",
     "Deeply nested blocks are hard to follow. Use early returns, guard clauses or extract the inner part.", 1124},
    {"long-function", "long-function", W, "Function too long",
     "Long functions mix several jobs. Extract well-named helpers."},
    {"too-many-params", "too-many-params", W, "Too many parameters",
     "Long parameter lists are easy to call wrongly. Group related values into a struct/object.", 1064},
    {"todo", "todo", I, "TODO/FIXME/HACK/XXX comment", "Track the work in the issue tracker or finish it.", 546},
    {"empty-catch", "empty-catch", W, "Empty exception handler",
     "Swallowing an exception hides failures. Handle it, log it, or let it propagate; if ignoring is intended, "
     "say why in a comment and suppress with codecrucible-ignore.", 1071},
    {"debug-leftover", "debug-leftover", W, "Debugger statement left in code",
     "A breakpoint stops the program (or the server) when it is hit. Remove it before committing.", 489},
    // data flow (analysis/flow): untrusted data reaching a sink
    {"path-traversal", "path-traversal", E, "File path built from untrusted data",
     "A path taken from the request can name any file the process can read or write (../../etc/passwd). Keep "
     "the name out of the path (look it up in a table), or canonicalise it and check it stays under the base "
     "directory.", 22},
    {"xss-response", "xss", E, "Untrusted data written into an HTML response",
     "Request data written into the response unescaped runs as script in the victim's browser. Escape it for the "
     "context (html.escape, OWASP Encoder, ESAPI encodeForHTML) or render it through an autoescaping template.", 79},
    {"ldap-injection", "ldap-injection", E, "LDAP filter built from untrusted data",
     "Filter metacharacters in the data (*, (, ), \\) change the query. Escape the value for LDAP filters "
     "(encodeForLDAP, escape_filter_chars) or validate it against an allow-list.", 90},
    {"xpath-injection", "xpath-injection", E, "XPath expression built from untrusted data",
     "Quotes in the data change the expression and expose other nodes. Use XPath variables "
     "(XPathVariableResolver) or escape the value.", 643},
    {"trust-boundary", "trust-boundary", E, "Untrusted data stored in the session",
     "Data stored in the session is trusted by later requests, so request data put there unvalidated crosses "
     "the trust boundary. Validate it before storing.", 501},
    {"open-redirect", "open-redirect", E, "Redirect to a URL taken from the request",
     "An attacker links to this page with a target of their choosing to phish users. Redirect to relative paths "
     "or to an allow-list of destinations.", 601},
    {"ssrf", "ssrf", E, "Outgoing request to a URL taken from the request",
     "The server fetches whatever the caller names, including internal services and cloud metadata. Allow-list "
     "hosts and schemes before fetching.", 918},
    {"header-injection", "header-injection", E, "Response header built from untrusted data",
     "CR/LF in the data splits the response and injects headers or a body. Reject or encode line breaks and "
     "validate the value.", 113},
    {"regex-dos", "redos", E, "Backtracking-prone regular expression applied to untrusted data",
     "A pattern with a quantified group that itself repeats ((a+)+, (\\w*x?)*) takes exponential time on a crafted "
     "input, so one request can hold a worker for minutes. Rewrite the pattern without nested repetition, bound the "
     "input length, or use a linear-time engine (re2). (ReDoS, CWE-1333, reported under its parent CWE-400 as the "
     "OWASP Benchmark and most scanners classify it.)", 400},
    // reserved ids for language-specific variants, kept stable for configuration
    {"py-exec", "code-injection", E, "exec of dynamic code", "exec() runs arbitrary Python. Avoid it.", 94},
    {"py-subprocess-shell", "command-injection", E, "subprocess with shell=True and dynamic command",
     "shell=True with run-time data allows command injection. Pass a list of arguments and drop shell=True.", 78},
    {"go-exec-shell", "command-injection", E, "exec.Command running a shell with dynamic data",
     "sh -c with concatenated data allows command injection. Call the program directly with separate arguments.", 78},
    {"rb-backticks", "command-injection", E, "Backticks/%x with interpolation",
     "Interpolating into a backtick command runs it through a shell. Use Open3.capture2 with separate arguments.", 78},
    {"java-script-eval", "code-injection", E, "ScriptEngine.eval of dynamic source",
     "Evaluating run-time strings with a script engine runs arbitrary code. Use a restricted expression parser.", 94},
    {"sh-eval", "code-injection", E, "eval of an expanded variable",
     "eval re-parses the value as shell code. Call the command directly or use an array.", 94},
}};

constexpr std::array<std::string_view, 20> kSecurity = {
    "secret",          "code-injection",  "command-injection", "sql-injection",  "weak-crypto",
    "insecure-random", "unsafe-memory",   "tls-disabled",      "unsafe-deserialization", "xss",
    "insecure-cookie", "xxe",             "path-traversal",    "ldap-injection", "xpath-injection",
    "trust-boundary",  "open-redirect",   "ssrf",              "header-injection", "redos"};
constexpr std::array<std::string_view, 7> kQuality = {"complexity", "deep-nesting", "long-function", "too-many-params",
                                                      "todo",       "empty-catch",  "debug-leftover"};

}  // namespace

std::span<const RuleInfo> all_rules() { return kRules; }

const RuleInfo* find_rule(std::string_view id) {
  for (const auto& r : kRules)
    if (r.id == id) return &r;
  return nullptr;
}

std::span<const std::string_view> security_categories() { return kSecurity; }
std::span<const std::string_view> quality_categories() { return kQuality; }

bool is_security_category(std::string_view category) {
  return std::find(kSecurity.begin(), kSecurity.end(), category) != kSecurity.end();
}

bool is_known_rule_or_category(std::string_view name) {
  return find_rule(name) != nullptr || is_security_category(name) ||
         std::find(kQuality.begin(), kQuality.end(), name) != kQuality.end();
}

}  // namespace cc::analysis
