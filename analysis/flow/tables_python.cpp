// Flask/Django/standard-library knowledge for the data-flow engine.
#include "analysis/flow/tables.h"

namespace cc::analysis::flow {
namespace {

constexpr SourceEntry kSources[] = {
    {"request.args", true},    {"request.form", true},   {"request.values", true},  {"request.cookies", true},
    {"request.headers", true}, {"request.GET", true},    {"request.POST", true},    {"request.COOKIES", true},
    {"request.META", true},    {"request.FILES", true},  {"request.data", true},    {"request.json", true},
    {"request.body", true},    {"request.files", true},  {"request.query_string", true},
    {"request.get_json"},      {"request.get_data"},     {"request.environ", true}, {"request.path", true},
    {"request.full_path", true}, {"request.url", true},  {"request.stream", true},  {"request.query_params", true},
    {"os.environ", true, true}, {"os.getenv", false, true}, {"sys.argv", true, true}, {"input", false, true},
    {"sys.stdin", true, true},
};

constexpr FamilyMask kXss = bit(Family::Xss);
constexpr FamilyMask kUrl = bit(Family::Xss) | bit(Family::Redirect) | bit(Family::Header) | bit(Family::Path) |
                            bit(Family::Command) | bit(Family::Ldap) | bit(Family::Xpath);

constexpr SinkEntry kSinks[] = {
    // SQL (placeholders travel in argument 1, which is not checked)
    {"execute", Family::Sql}, {"executemany", Family::Sql}, {"executescript", Family::Sql},
    {"objects.raw", Family::Sql}, {"objects.extra", Family::Sql, -1},
    // OS command
    {"os.system", Family::Command, 0, SinkMode::Args, "cmd-shell-dynamic"},
    {"os.popen", Family::Command, 0}, {"subprocess.run", Family::Command, 0, SinkMode::ShellFlag, "py-subprocess-shell"},
    {"subprocess.call", Family::Command, 0, SinkMode::ShellFlag, "py-subprocess-shell"},
    {"subprocess.check_call", Family::Command, 0, SinkMode::ShellFlag, "py-subprocess-shell"},
    {"subprocess.check_output", Family::Command, 0, SinkMode::ShellFlag, "py-subprocess-shell"},
    {"subprocess.Popen", Family::Command, 0, SinkMode::ShellFlag, "py-subprocess-shell"},
    {"subprocess.getoutput", Family::Command, 0}, {"subprocess.getstatusoutput", Family::Command, 0},
    {"os.execl", Family::Command, -1}, {"os.execvp", Family::Command, -1}, {"os.spawnl", Family::Command, -1},
    // code
    {"eval", Family::Code, 0}, {"exec", Family::Code, 0, SinkMode::Args, "py-exec"},
    {"render_template_string", Family::Xss, 0},
    // deserialization
    {"pickle.loads", Family::Deserialization, 0, SinkMode::Args, "py-pickle-load"},
    {"pickle.load", Family::Deserialization, 0, SinkMode::Args, "py-pickle-load"},
    {"cPickle.loads", Family::Deserialization, 0, SinkMode::Args, "py-pickle-load"},
    {"marshal.loads", Family::Deserialization, 0, SinkMode::Args, "py-pickle-load"},
    {"jsonpickle.decode", Family::Deserialization, 0, SinkMode::Args, "py-pickle-load"},
    {"yaml.load", Family::Deserialization, 0, SinkMode::UnsafeYaml, "py-yaml-load"},
    {"yaml.unsafe_load", Family::Deserialization, 0, SinkMode::Args, "py-yaml-load"},
    // path
    {"open", Family::Path, 0}, {"io.open", Family::Path, 0}, {"codecs.open", Family::Path, 0},
    {"send_file", Family::Path, 0}, {"send_from_directory", Family::Path, 1}, {"os.remove", Family::Path, 0},
    {"os.unlink", Family::Path, 0}, {"os.listdir", Family::Path, 0}, {"shutil.rmtree", Family::Path, 0},
    {"shutil.copy", Family::Path, -1}, {"os.rename", Family::Path, -1}, {"os.makedirs", Family::Path, 0},
    {"FileResponse", Family::Path, 0},
    // pathlib: the Path object is the file name
    {"read_text", Family::Path, 0, SinkMode::Receiver}, {"read_bytes", Family::Path, 0, SinkMode::Receiver},
    {"write_text", Family::Path, 0, SinkMode::Receiver}, {"write_bytes", Family::Path, 0, SinkMode::Receiver},
    {"Path.exists", Family::Path, 0, SinkMode::Receiver}, {"Path.is_file", Family::Path, 0, SinkMode::Receiver},
    {"Path.is_dir", Family::Path, 0, SinkMode::Receiver}, {"Path.stat", Family::Path, 0, SinkMode::Receiver},
    {"Path.unlink", Family::Path, 0, SinkMode::Receiver}, {"Path.touch", Family::Path, 0, SinkMode::Receiver},
    {"Path.mkdir", Family::Path, 0, SinkMode::Receiver}, {"Path.rmdir", Family::Path, 0, SinkMode::Receiver},
    {"Path.iterdir", Family::Path, 0, SinkMode::Receiver}, {"Path.open", Family::Path, 0, SinkMode::Receiver},
    // ... and the os.path probes take the name as an argument (file-existence oracle)
    {"os.path.exists", Family::Path, 0}, {"os.path.isfile", Family::Path, 0}, {"os.path.isdir", Family::Path, 0},
    {"os.path.getsize", Family::Path, 0}, {"os.stat", Family::Path, 0}, {"os.mkdir", Family::Path, 0},
    {"os.rmdir", Family::Path, 0},
    // XSS: response bodies
    {"make_response", Family::Xss, 0}, {"Response", Family::Xss, 0}, {"HttpResponse", Family::Xss, 0},
    {"Markup", Family::Xss, 0}, {"mark_safe", Family::Xss, 0},
    // LDAP, XPath
    {"search_s", Family::Ldap, 2}, {"search_st", Family::Ldap, 2}, {"search_ext_s", Family::Ldap, 2},
    {"ldap3.Connection.search", Family::Ldap, 1}, {"xpath", Family::Xpath, 0}, {"XPath", Family::Xpath, 0},
    {"elementpath.select", Family::Xpath, 1}, {"elementpath.iter_select", Family::Xpath, 1},
    {"elementpath.Selector", Family::Xpath, 0},
    // trust boundary, redirect, SSRF, headers
    {"session.update", Family::TrustBoundary, -1}, {"session.setdefault", Family::TrustBoundary, -1},
    {"redirect", Family::Redirect, 0}, {"HttpResponseRedirect", Family::Redirect, 0},
    {"requests.get", Family::Ssrf, 0}, {"requests.post", Family::Ssrf, 0}, {"requests.put", Family::Ssrf, 0},
    {"requests.delete", Family::Ssrf, 0}, {"requests.head", Family::Ssrf, 0}, {"requests.request", Family::Ssrf, 1},
    {"urlopen", Family::Ssrf, 0}, {"httpx.get", Family::Ssrf, 0}, {"httpx.post", Family::Ssrf, 0},
    {"headers.add", Family::Header, -1}, {"headers.set", Family::Header, -1}, {"set_header", Family::Header, -1},
};

constexpr SanitizerEntry kSanitizers[] = {
    {"int", kAllFamilies},           {"float", kAllFamilies},          {"bool", kAllFamilies},
    {"len", kAllFamilies},           {"uuid.UUID", kAllFamilies},      {"html.escape", kXss},
    {"escape", kXss},                {"markupsafe.escape", kXss},      {"cgi.escape", kXss},
    {"bleach.clean", kXss},          {"xml.sax.saxutils.escape", kXss | bit(Family::Xpath)},
    {"shlex.quote", bit(Family::Command)}, {"pipes.quote", bit(Family::Command)},
    {"quote", kUrl},                 {"quote_plus", kUrl},             {"urlencode", kUrl},
    {"os.path.basename", bit(Family::Path)}, {"secure_filename", bit(Family::Path)},
    {"escape_filter_chars", bit(Family::Ldap)}, {"escape_rdn", bit(Family::Ldap)},
    {"json.dumps", kXss},
};

constexpr std::string_view kCleanMethods[] = {
    "startswith", "endswith", "isdigit", "isalnum", "isalpha", "isnumeric", "count", "find", "rfind",
    "index", "exists", "isfile", "isdir", "__len__", "has_key", "islower", "isupper",
};

constexpr KindEntry kKinds[] = {{"ldap3.Connection", "ldap3.Connection"}, {"pathlib.Path", "Path"},
                                {"Path", "Path"}, {"PurePath", "Path"}, {"PosixPath", "Path"},
                                {"Path.resolve", "Path"}, {"Path.absolute", "Path"}, {"Path.joinpath", "Path"},
                                {"Path.with_name", "Path"}, {"Path.with_suffix", "Path"}};

constexpr AssignSink kAssignSinks[] = {
    {"session", Family::TrustBoundary}, {"flask.session", Family::TrustBoundary},
    {"request.session", Family::TrustBoundary}, {"headers", Family::Header},
};

// Sources, and the sinks whose pattern verdict the engine refines even without a source in the
// function (shell=True with a parameter, eval behind an allow-list).
constexpr std::string_view kTriggers[] = {
    "request", "environ", "getenv", "argv", "input", "stdin", "shell", "eval", "exec",
};

constexpr LanguageTables kTables{kSources, kSinks, kSanitizers, kCleanMethods, kKinds, kAssignSinks, kTriggers, true};

}  // namespace

const LanguageTables& python_tables() { return kTables; }

}  // namespace cc::analysis::flow
