// Servlet/JDBC/Spring/JNDI knowledge for the data-flow engine (OWASP Benchmark style code).
#include "analysis/flow/tables.h"

namespace cc::analysis::flow {
namespace {

constexpr SourceEntry kSources[] = {
    {"getParameter"},   {"getParameterValues"}, {"getParameterMap"}, {"getParameterNames"}, {"getHeader"},
    {"getHeaders"},     {"getHeaderNames"},     {"getQueryString"},  {"getInputStream"},    {"getReader"},
    {"getCookies"},     {"getRequestURI"},      {"getPathInfo"},     {"getRemoteUser"},     {"System.getenv", false, true},
    {"readLine", false, true},       {"getPart"},            {"getParts"},
};

constexpr FamilyMask kXss = bit(Family::Xss);
constexpr FamilyMask kUrl = bit(Family::Xss) | bit(Family::Redirect) | bit(Family::Header) | bit(Family::Ssrf) |
                            bit(Family::Path) | bit(Family::Command) | bit(Family::Ldap) | bit(Family::Xpath);

constexpr SinkEntry kSinks[] = {
    // SQL
    {"executeQuery", Family::Sql}, {"executeUpdate", Family::Sql}, {"executeLargeUpdate", Family::Sql},
    {"Statement.execute", Family::Sql}, {"Statement.addBatch", Family::Sql}, {"prepareStatement", Family::Sql},
    {"prepareCall", Family::Sql}, {"createQuery", Family::Sql}, {"createSQLQuery", Family::Sql},
    {"createNativeQuery", Family::Sql}, {"JdbcTemplate.query", Family::Sql},
    {"JdbcTemplate.queryForObject", Family::Sql}, {"JdbcTemplate.queryForList", Family::Sql},
    {"JdbcTemplate.queryForRowSet", Family::Sql}, {"JdbcTemplate.queryForMap", Family::Sql},
    {"JdbcTemplate.queryForLong", Family::Sql}, {"JdbcTemplate.queryForInt", Family::Sql},
    {"JdbcTemplate.update", Family::Sql}, {"JdbcTemplate.batchUpdate", Family::Sql, -1},
    {"JdbcTemplate.execute", Family::Sql},
    // OS command
    {"Runtime.exec", Family::Command, -1}, {"new ProcessBuilder", Family::Command, -1},
    {"ProcessBuilder.command", Family::Command, -1},
    // code
    {"ScriptEngine.eval", Family::Code, 0, SinkMode::Args, "java-script-eval"},
    // deserialization
    {"ObjectInputStream.readObject", Family::Deserialization, 0, SinkMode::Receiver, "java-readobject"},
    {"ObjectInputStream.readUnshared", Family::Deserialization, 0, SinkMode::Receiver, "java-readobject"},
    {"XMLDecoder.readObject", Family::Deserialization, 0, SinkMode::Receiver, "java-readobject"},
    // path
    {"new File", Family::Path, -1}, {"new FileInputStream", Family::Path, -1},
    {"new FileOutputStream", Family::Path, -1}, {"new FileReader", Family::Path, -1},
    {"new FileWriter", Family::Path, -1}, {"new RandomAccessFile", Family::Path, 0},
    {"Paths.get", Family::Path, -1}, {"Path.of", Family::Path, -1}, {"Files.newInputStream", Family::Path, 0},
    {"Files.newOutputStream", Family::Path, 0}, {"Files.readAllBytes", Family::Path, 0},
    {"Files.readAllLines", Family::Path, 0}, {"Files.write", Family::Path, 0}, {"Files.delete", Family::Path, 0},
    {"Files.newBufferedReader", Family::Path, 0},
    // XSS
    {"PrintWriter.print", Family::Xss, -1}, {"PrintWriter.println", Family::Xss, -1},
    {"PrintWriter.write", Family::Xss, -1}, {"PrintWriter.printf", Family::Xss, -1},
    {"PrintWriter.format", Family::Xss, -1}, {"PrintWriter.append", Family::Xss, -1},
    {"ServletOutputStream.print", Family::Xss, -1}, {"ServletOutputStream.println", Family::Xss, -1},
    {"ServletOutputStream.write", Family::Xss, -1},
    // LDAP, XPath
    {"DirContext.search", Family::Ldap, 1}, {"XPath.evaluate", Family::Xpath, 0}, {"XPath.compile", Family::Xpath, 0},
    // trust boundary, redirect, header, SSRF
    {"HttpSession.setAttribute", Family::TrustBoundary, -1}, {"HttpSession.putValue", Family::TrustBoundary, -1},
    {"sendRedirect", Family::Redirect, 0}, {"setHeader", Family::Header, -1}, {"addHeader", Family::Header, -1},
    {"URL.openConnection", Family::Ssrf, 0, SinkMode::Receiver}, {"URL.openStream", Family::Ssrf, 0, SinkMode::Receiver},
    {"HttpRequest.newBuilder", Family::Ssrf, 0}, {"URI.create", Family::Ssrf, 0},
};

constexpr SanitizerEntry kSanitizers[] = {
    {"Integer.parseInt", kAllFamilies},        {"Integer.valueOf", kAllFamilies},
    {"Long.parseLong", kAllFamilies},          {"Long.valueOf", kAllFamilies},
    {"Double.parseDouble", kAllFamilies},      {"Boolean.parseBoolean", kAllFamilies},
    {"UUID.fromString", kAllFamilies},         {"ESAPI.encoder.encodeForHTML", kXss},
    {"encodeForHTMLAttribute", kXss},          {"encodeForJavaScript", kXss},
    {"encodeForSQL", bit(Family::Sql)},        {"encodeForLDAP", bit(Family::Ldap)},
    {"encodeForDN", bit(Family::Ldap)},        {"encodeForXPath", bit(Family::Xpath)},
    {"encodeForOS", bit(Family::Command)},     {"encodeForURL", kUrl},
    {"encodeForHTML", kXss},                   {"Encode.forHtml", kXss},
    {"Encode.forHtmlContent", kXss},           {"Encode.forHtmlAttribute", kXss},
    {"Encode.forJavaScript", kXss},            {"Encode.forUriComponent", kUrl},
    {"StringEscapeUtils.escapeHtml", kXss},    {"StringEscapeUtils.escapeHtml4", kXss},
    {"StringEscapeUtils.escapeXml", kXss | bit(Family::Xpath)},
    {"StringEscapeUtils.escapeSql", bit(Family::Sql)},
    {"HtmlUtils.htmlEscape", kXss},            {"URLEncoder.encode", kUrl},
    {"FilenameUtils.getName", bit(Family::Path)},
};

constexpr std::string_view kCleanMethods[] = {
    "length", "size",  "equals", "equalsIgnoreCase", "hashCode", "isEmpty", "isBlank", "contains", "containsKey",
    "startsWith", "endsWith", "indexOf", "lastIndexOf", "compareTo", "matches", "hasMoreElements", "hasNext",
    "getClass", "exists", "isDirectory", "getMaxAge", "getSecure", "nanoTime", "currentTimeMillis",
};

constexpr KindEntry kKinds[] = {
    {"getWriter", "PrintWriter"},     {"PrintWriter", "PrintWriter"},
    {"getOutputStream", "ServletOutputStream"}, {"ServletOutputStream", "ServletOutputStream"},
    {"createStatement", "Statement"}, {"Statement", "Statement"},
    {"PreparedStatement", "Statement"}, {"CallableStatement", "Statement"},
    {"getRuntime", "Runtime"},        {"Runtime", "Runtime"},
    {"new ProcessBuilder", "ProcessBuilder"}, {"ProcessBuilder", "ProcessBuilder"},
    {"getEngineByName", "ScriptEngine"}, {"getEngineByExtension", "ScriptEngine"}, {"ScriptEngine", "ScriptEngine"},
    {"new ObjectInputStream", "ObjectInputStream"}, {"ObjectInputStream", "ObjectInputStream"},
    {"new XMLDecoder", "XMLDecoder"}, {"XMLDecoder", "XMLDecoder"},
    {"getDirContext", "DirContext"},  {"new InitialDirContext", "DirContext"}, {"new InitialLdapContext", "DirContext"},
    {"DirContext", "DirContext"},     {"InitialDirContext", "DirContext"}, {"LdapContext", "DirContext"},
    {"newXPath", "XPath"},            {"XPath", "XPath"},
    {"getSession", "HttpSession"},    {"HttpSession", "HttpSession"},
    {"new URL", "URL"},               {"URL", "URL"},
    {"JdbcTemplate", "JdbcTemplate"}, {"JDBCtemplate", "JdbcTemplate"}, {"jdbcTemplate", "JdbcTemplate"},
};

constexpr std::string_view kTriggers[] = {
    "getParameter", "getParameterValues", "getParameterMap", "getParameterNames", "getHeader", "getHeaders",
    "getHeaderNames", "getQueryString", "getInputStream", "getReader", "getCookies", "getRequestURI", "getPathInfo",
    "getenv", "readLine", "getPart", "getParts", "executeQuery", "executeUpdate", "execute", "addBatch",
    "prepareStatement", "prepareCall", "createQuery", "createSQLQuery", "createNativeQuery", "exec", "eval",
    "readObject", "getRemoteUser",
};

constexpr LanguageTables kTables{kSources, kSinks, kSanitizers, kCleanMethods, kKinds, {}, kTriggers, false};

}  // namespace

const LanguageTables& java_tables() { return kTables; }

}  // namespace cc::analysis::flow
