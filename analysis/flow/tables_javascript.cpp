// Express/Node knowledge for the data-flow engine (JavaScript and TypeScript).
#include "analysis/flow/tables.h"

namespace cc::analysis::flow {
namespace {

constexpr SourceEntry kSources[] = {
    {"req.query", true},   {"req.body", true},     {"req.params", true},  {"req.headers", true},
    {"req.cookies", true}, {"req.url", true},      {"req.originalUrl", true}, {"req.path", true},
    {"req.get"},           {"req.header"},         {"req.param"},         {"request.query", true},
    {"request.body", true}, {"request.params", true}, {"ctx.query", true}, {"ctx.request.body", true},
    {"process.env", true, true}, {"process.argv", true, true},
};

constexpr FamilyMask kXss = bit(Family::Xss);
constexpr FamilyMask kUrl = bit(Family::Xss) | bit(Family::Redirect) | bit(Family::Header) | bit(Family::Path) |
                            bit(Family::Command) | bit(Family::Ldap) | bit(Family::Xpath);

constexpr SinkEntry kSinks[] = {
    {"query", Family::Sql},  {"execute", Family::Sql}, {"raw", Family::Sql}, {"knex.raw", Family::Sql},
    {"child_process.exec", Family::Command}, {"exec", Family::Command, 0, SinkMode::Args, "cmd-shell-dynamic"},
    {"execSync", Family::Command}, {"spawn", Family::Command, 0, SinkMode::ShellArgs},
    {"eval", Family::Code, 0}, {"new Function", Family::Code, -1, SinkMode::Args, "js-new-function"},
    {"runInNewContext", Family::Code, 0}, {"runInThisContext", Family::Code, 0},
    {"unserialize", Family::Deserialization, 0, SinkMode::Args, "js-unserialize"},
    {"readFile", Family::Path, 0}, {"readFileSync", Family::Path, 0}, {"writeFile", Family::Path, 0},
    {"writeFileSync", Family::Path, 0}, {"createReadStream", Family::Path, 0}, {"unlink", Family::Path, 0},
    {"unlinkSync", Family::Path, 0}, {"sendFile", Family::Path, 0}, {"download", Family::Path, 0},
    {"res.send", Family::Xss, 0}, {"res.write", Family::Xss, 0}, {"res.end", Family::Xss, 0},
    {"xpath.select", Family::Xpath, 0}, {"evaluate", Family::Xpath, 0},
    {"res.redirect", Family::Redirect, -1},
    {"axios.get", Family::Ssrf, 0}, {"axios.post", Family::Ssrf, 0}, {"fetch", Family::Ssrf, 0},
    {"http.get", Family::Ssrf, 0}, {"https.get", Family::Ssrf, 0}, {"got", Family::Ssrf, 0},
    {"res.setHeader", Family::Header, -1}, {"res.set", Family::Header, -1}, {"res.header", Family::Header, -1},
};

constexpr SanitizerEntry kSanitizers[] = {
    {"parseInt", kAllFamilies}, {"parseFloat", kAllFamilies}, {"Number", kAllFamilies},
    {"encodeURIComponent", kUrl}, {"encodeURI", kUrl}, {"escapeHtml", kXss}, {"escape", kXss},
    {"DOMPurify.sanitize", kXss}, {"sanitizeHtml", kXss}, {"path.basename", bit(Family::Path)},
    {"mysql.escape", bit(Family::Sql)}, {"SqlString.escape", bit(Family::Sql)},
    {"shellescape", bit(Family::Command)}, {"shellQuote.quote", bit(Family::Command)},
};

constexpr std::string_view kCleanMethods[] = {
    "length", "includes", "startsWith", "endsWith", "indexOf", "lastIndexOf", "test", "isArray", "has",
    "isInteger", "isNaN",
};

constexpr AssignSink kAssignSinks[] = {{"req.session", Family::TrustBoundary}, {"session", Family::TrustBoundary}};

constexpr std::string_view kTriggers[] = {"req", "request", "ctx", "argv", "env", "eval", "exec", "execSync"};

constexpr LanguageTables kTables{kSources, kSinks, kSanitizers, kCleanMethods, {}, kAssignSinks, kTriggers, false};

}  // namespace

const LanguageTables& javascript_tables() { return kTables; }

}  // namespace cc::analysis::flow
