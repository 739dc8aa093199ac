// net/http, database/sql, os/exec knowledge for the data-flow engine (Go).
#include "analysis/flow/tables.h"

namespace cc::analysis::flow {
namespace {

constexpr SourceEntry kSources[] = {
    {"URL.Query"},        {"FormValue"},          {"PostFormValue"},        {"r.Header", true},
    {"req.Header", true}, {"r.URL.Path", true},   {"r.URL.RawQuery", true}, {"r.Body", true},
    {"req.Body", true},   {"r.Cookie"},           {"r.Form", true},         {"r.PostForm", true},
    {"mux.Vars"},         {"c.Query"},            {"c.Param"},              {"c.PostForm"},
    {"os.Getenv", false, true}, {"os.Args", true, true},
};

constexpr FamilyMask kXss = bit(Family::Xss);
constexpr FamilyMask kUrl = bit(Family::Xss) | bit(Family::Redirect) | bit(Family::Header) | bit(Family::Path) |
                            bit(Family::Command) | bit(Family::Ldap) | bit(Family::Xpath);

constexpr SinkEntry kSinks[] = {
    {"db.Query", Family::Sql},  {"db.QueryRow", Family::Sql}, {"db.Exec", Family::Sql}, {"tx.Query", Family::Sql},
    {"tx.Exec", Family::Sql},   {"db.Prepare", Family::Sql},  {"QueryContext", Family::Sql, 1},
    {"ExecContext", Family::Sql, 1}, {"QueryRowContext", Family::Sql, 1},
    {"exec.Command", Family::Command, 0, SinkMode::ShellArgs, "go-exec-shell"},
    {"exec.CommandContext", Family::Command, 0, SinkMode::ShellArgs, "go-exec-shell"},
    {"os.Open", Family::Path, 0},  {"os.ReadFile", Family::Path, 0}, {"ioutil.ReadFile", Family::Path, 0},
    {"os.Create", Family::Path, 0}, {"os.Remove", Family::Path, 0}, {"os.OpenFile", Family::Path, 0},
    {"http.ServeFile", Family::Path, 2},
    {"fmt.Fprintf", Family::Xss, -1}, {"fmt.Fprint", Family::Xss, -1}, {"fmt.Fprintln", Family::Xss, -1},
    {"w.Write", Family::Xss, 0}, {"io.WriteString", Family::Xss, 1}, {"template.HTML", Family::Xss, 0},
    {"http.Redirect", Family::Redirect, 2},
    {"http.Get", Family::Ssrf, 0}, {"http.Post", Family::Ssrf, 0}, {"http.NewRequest", Family::Ssrf, 1},
    {"Header.Set", Family::Header, -1}, {"Header.Add", Family::Header, -1},
};

constexpr SanitizerEntry kSanitizers[] = {
    {"strconv.Atoi", kAllFamilies}, {"strconv.ParseInt", kAllFamilies}, {"strconv.ParseFloat", kAllFamilies},
    {"strconv.ParseBool", kAllFamilies}, {"html.EscapeString", kXss}, {"template.HTMLEscapeString", kXss},
    {"url.QueryEscape", kUrl}, {"url.PathEscape", kUrl}, {"filepath.Base", bit(Family::Path)},
    {"path.Base", bit(Family::Path)},
};

constexpr std::string_view kCleanMethods[] = {"len", "Contains", "HasPrefix", "HasSuffix", "Index", "EqualFold"};

constexpr AssignSink kAssignSinks[] = {{"session.Values", Family::TrustBoundary}};

constexpr std::string_view kTriggers[] = {"Query", "FormValue", "PostFormValue", "Header", "URL", "Body", "Cookie",
                                          "Form", "PostForm", "Vars", "Param", "Getenv", "Args", "Command"};

constexpr LanguageTables kTables{kSources, kSinks, kSanitizers, kCleanMethods, {}, kAssignSinks, kTriggers, false};

}  // namespace

const LanguageTables& go_tables() { return kTables; }

}  // namespace cc::analysis::flow
