// One small fixture per language covering the security and quality rules, each with a
// look-alike that must not be reported.
#include <gtest/gtest.h>

#include "analysis/rules/catalog.h"
#include "tests/analysis/analysis_test_util.h"

namespace {

using namespace cc::analysis;
using namespace cc::analysis::testing;

TEST(RulesPython, SecurityRules) {
  const char* src =
      "import os, pickle, yaml, hashlib, random, subprocess, requests\n"     // 1
      "API_TOKEN = \"tk_9f8e7d6c5b4a3921\"\n"                                // 2 secret
      "PASSWORD_FIELD = \"password\"\n"                                      // 3 not a secret
      "def run(cur, name, expr, cmd, blob, url):\n"                          // 4
      "    cur.execute(\"SELECT * FROM t WHERE n = '%s'\" % name)\n"         // 5 sql
      "    cur.execute(\"SELECT * FROM t WHERE n = ?\", (name,))\n"          // 6 parameterized
      "    eval(expr)\n"                                                     // 7 code
      "    os.system(\"ls \" + cmd)\n"                                       // 8 command
      "    subprocess.run([\"ls\", cmd])\n"                                  // 9 argument list
      "    subprocess.call(f\"ls {cmd}\", shell=True)\n"                     // 10 command
      "    pickle.loads(blob)\n"                                             // 11 deserialization
      "    yaml.load(blob)\n"                                                // 12 deserialization
      "    yaml.safe_load(blob)\n"                                           // 13 safe
      "    requests.get(url, verify=False)\n"                                // 14 tls
      "    return hashlib.md5(name.encode()).hexdigest()\n"                  // 15 weak hash
      "def make_reset_token():\n"                                            // 16
      "    return random.randint(0, 10**6)\n"                                // 17 insecure random
      "def jitter():\n"                                                      // 18
      "    return random.random()\n"                                         // 19 not a secret
      "def cache_key(b):\n"                                                  // 20
      "    return hashlib.md5(b, usedforsecurity=False).hexdigest()\n";      // 21 checksum
  auto fs = analyze(src, Language::Python);
  SCOPED_TRACE(dump(fs));
  EXPECT_TRUE(has(fs, "secret", 2));
  EXPECT_FALSE(has(fs, "secret", 3));
  EXPECT_TRUE(has(fs, "sql-injection", 5));
  EXPECT_FALSE(has(fs, "sql-injection", 6));
  EXPECT_TRUE(has(fs, "code-injection", 7));
  EXPECT_TRUE(has(fs, "command-injection", 8));
  EXPECT_FALSE(has(fs, "command-injection", 9));
  EXPECT_TRUE(has(fs, "py-subprocess-shell", 10));
  EXPECT_TRUE(has(fs, "py-pickle-load", 11));
  EXPECT_TRUE(has(fs, "py-yaml-load", 12));
  EXPECT_FALSE(has(fs, "unsafe-deserialization", 13));
  EXPECT_TRUE(has(fs, "tls-verify-disabled", 14));
  EXPECT_TRUE(has(fs, "weak-hash", 15));
  EXPECT_TRUE(has(fs, "insecure-random", 17));
  EXPECT_FALSE(has(fs, "insecure-random", 19));
  EXPECT_FALSE(has(fs, "weak-crypto", 21));
}

TEST(RulesPython, QuickFixes) {
  auto fs = analyze("import yaml, requests\nx = yaml.load(data)\nrequests.get(u, verify=False)\n", Language::Python);
  SCOPED_TRACE(dump(fs));
  bool yaml_fix = false, tls_fix = false;
  for (const auto& f : fs) {
    if (f.rule == "py-yaml-load" && f.fix) {
      ASSERT_EQ(f.fix->edits.size(), 1u);
      EXPECT_EQ(f.fix->edits[0].new_text, "safe_load");
      EXPECT_EQ(f.fix->edits[0].line, 1);
      EXPECT_EQ(f.fix->edits[0].start_col, 9);
      EXPECT_EQ(f.fix->edits[0].end_col, 13);
      yaml_fix = true;
    }
    if (f.rule == "tls-verify-disabled" && f.fix) {
      EXPECT_EQ(f.fix->edits[0].new_text, "True");
      tls_fix = true;
    }
  }
  EXPECT_TRUE(yaml_fix);
  EXPECT_TRUE(tls_fix);
  // Loader argument present: no mechanical fix (safe_load takes no Loader).
  auto fs2 = analyze("import yaml\nyaml.load(d, Loader=yaml.FullLoader)\n", Language::Python);
  ASSERT_EQ(count(fs2, "py-yaml-load"), 1);
  EXPECT_FALSE(fs2[0].fix.has_value());
  EXPECT_EQ(count(analyze("import yaml\nyaml.load(d, Loader=yaml.SafeLoader)\n", Language::Python), "py-yaml-load"), 0);
}

TEST(RulesPython, QualityRules) {
  const char* src =
      "def f(a, b, c, d, e, g, h):\n"        // 1 too many params (7)
      "    # TODO: tidy up\n"                // 2 todo
      "    try:\n"                           // 3
      "        a()\n"                        // 4
      "    except ValueError:\n"             // 5 empty
      "        pass\n"                       // 6
      "    breakpoint()\n"                   // 7 debug
      "    import pdb; pdb.set_trace()\n"    // 8 debug
      "class C:\n"                           // 9
      "    def m(self, a, b, c, d, e, f):\n" // 10 six + self: fine
      "        try:\n"                       // 11
      "            a()\n"                    // 12
      "        except OSError:\n"            // 13 not empty
      "            log(1)\n"                 // 14
      "        s = 'TODO in a string'\n";    // 15 not a todo
  auto fs = analyze(src, Language::Python);
  SCOPED_TRACE(dump(fs));
  EXPECT_TRUE(has(fs, "too-many-params", 1));
  EXPECT_TRUE(has(fs, "todo", 2));
  EXPECT_TRUE(has(fs, "empty-catch", 5));
  EXPECT_TRUE(has(fs, "debug-leftover", 7));
  EXPECT_TRUE(has(fs, "debug-leftover", 8));
  EXPECT_FALSE(has(fs, "too-many-params", 10));
  EXPECT_FALSE(has(fs, "empty-catch", 13));
  EXPECT_FALSE(has(fs, "todo", 15));
}

TEST(RulesJavaScript, SecurityRules) {
  const char* src =
      "const GH = 'ghp_abcdefghijklmnopqrstuvwxyz0123456789AB';\n"                      // 1 secret
      "const KEY = process.env.KEY ?? '';\n"                                            // 2 env
      "function h(req, el, db) {\n"                                                     // 3
      "  db.query(`SELECT * FROM t WHERE id = ${req.id}`);\n"                           // 4 sql
      "  db.query('SELECT * FROM t WHERE id = ?', [req.id]);\n"                         // 5 param
      "  exec('ping ' + req.host);\n"                                                   // 6 command
      "  execFile('ping', [req.host]);\n"                                               // 7 arg list
      "  el.innerHTML = '<b>' + req.name + '</b>';\n"                                   // 8 xss
      "  el.innerHTML = '';\n"                                                          // 9 constant
      "  el.textContent = req.name;\n"                                                  // 10 safe
      "  setTimeout('run(' + req.x + ')', 10);\n"                                       // 11 code
      "  setTimeout(run, 10);\n"                                                        // 12 function
      "  const agent = new https.Agent({ rejectUnauthorized: false });\n"               // 13 tls
      "  return crypto.createHash('md5').update(req.pw).digest('hex');\n"               // 14 weak
      "}\n"                                                                             // 15
      "function newSessionId() { return Math.random().toString(36); }\n"                // 16 random
      "function backoff(n) { return n * Math.random(); }\n"                             // 17 jitter
      "const f = new Function('a', 'return a + ' + userInput);\n"                       // 18 code
      "document.write('<p>' + location.hash + '</p>');\n";                              // 19 xss
  auto fs = analyze(src, Language::JavaScript);
  SCOPED_TRACE(dump(fs));
  EXPECT_TRUE(has(fs, "secret", 1));
  EXPECT_FALSE(has(fs, "secret", 2));
  EXPECT_TRUE(has(fs, "sql-injection", 4));
  EXPECT_FALSE(has(fs, "sql-injection", 5));
  EXPECT_TRUE(has(fs, "command-injection", 6));
  EXPECT_FALSE(has(fs, "command-injection", 7));
  EXPECT_TRUE(has(fs, "xss", 8));
  EXPECT_FALSE(has(fs, "xss", 9));
  EXPECT_FALSE(has(fs, "xss", 10));
  EXPECT_TRUE(has(fs, "js-string-timer", 11));
  EXPECT_FALSE(has(fs, "code-injection", 12));
  EXPECT_TRUE(has(fs, "tls-disabled", 13));
  EXPECT_TRUE(has(fs, "weak-crypto", 14));
  EXPECT_TRUE(has(fs, "insecure-random", 16));
  EXPECT_FALSE(has(fs, "insecure-random", 17));
  EXPECT_TRUE(has(fs, "js-new-function", 18));
  EXPECT_TRUE(has(fs, "js-document-write", 19));
}

TEST(RulesJavaScript, QualityRules) {
  const char* src =
      "function a(p1, p2, p3, p4, p5, p6, p7) {\n"  // 1 params
      "  debugger;\n"                                // 2 debug
      "  console.log('debugger');\n"                 // 3 not debug
      "  try { x(); } catch (e) {}\n"                // 4 empty catch
      "  p.catch(function (err) { log(err); });\n"   // 5 not a handler
      "  // FIXME later\n"                           // 6 todo
      "}\n";
  auto fs = analyze(src, Language::JavaScript);
  SCOPED_TRACE(dump(fs));
  EXPECT_TRUE(has(fs, "too-many-params", 1));
  EXPECT_TRUE(has(fs, "debug-leftover", 2));
  EXPECT_FALSE(has(fs, "debug-leftover", 3));
  EXPECT_TRUE(has(fs, "empty-catch", 4));
  EXPECT_FALSE(has(fs, "empty-catch", 5));
  EXPECT_TRUE(has(fs, "todo", 6));
  // The debugger fix deletes the whole line.
  for (const auto& f : fs)
    if (f.rule == "debug-leftover") {
      ASSERT_TRUE(f.fix.has_value());
      EXPECT_EQ(f.fix->edits[0].line, 1);
      EXPECT_EQ(f.fix->edits[0].end_line, 2);
    }
}

TEST(RulesTypeScript, ReactAndTypes) {
  const char* src =
      "export function P({ html }: { html: string }) {\n"                    // 1
      "  return <div dangerouslySetInnerHTML={{ __html: html }} />;\n"       // 2 xss
      "}\n"                                                                  // 3
      "export function Q() {\n"                                              // 4
      "  return <div dangerouslySetInnerHTML={{ __html: '<b>x</b>' }} />;\n" // 5 constant
      "}\n"
      "export async function createInvoice(\n"                               // 7 params
      "  a: string, b: number, c: Map<string, number>, d: string,\n"
      "  e: boolean, f: string, g: number,\n"
      "): Promise<void> {}\n";
  auto fs = analyze(src, Language::TypeScript);
  SCOPED_TRACE(dump(fs));
  EXPECT_TRUE(has(fs, "react-dangerous-html", 2));
  EXPECT_FALSE(has(fs, "xss", 5));
  EXPECT_TRUE(has(fs, "too-many-params", 7));
}

TEST(RulesC, MemoryCommandAndCrypto) {
  const char* src =
      "#include <stdio.h>\n"                                         // 1
      "void f(char *dst, const char *src, const char *host) {\n"     // 2
      "  char cmd[64], buf[16];\n"                                   // 3
      "  strcpy(dst, src);\n"                                        // 4
      "  strncpy(dst, src, 10);\n"                                   // 5 bounded
      "  strcat(dst, src);\n"                                        // 6
      "  sprintf(buf, \"%s\", src);\n"                               // 7
      "  snprintf(cmd, sizeof cmd, \"ping %s\", host);\n"            // 8 bounded
      "  system(cmd);\n"                                             // 9 command (tainted)
      "  system(\"ls\");\n"                                          // 10 constant
      "  gets(buf);\n"                                               // 11
      "  scanf(\"%s\", buf);\n"                                      // 12
      "  scanf(\"%15s\", buf);\n"                                    // 13 bounded
      "  /* strcpy(dst, src); in a comment */\n"                     // 14
      "  puts(\"strcpy(dst, src)\");\n"                              // 15 in a string
      "  MD5(buf, 3, out);\n"                                        // 16
      "  curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 0L);\n"         // 17
      "  curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);\n"         // 18
      "}\n";
  auto fs = analyze(src, Language::C);
  SCOPED_TRACE(dump(fs));
  EXPECT_TRUE(has(fs, "c-strcpy", 4));
  EXPECT_FALSE(has(fs, "unsafe-memory", 5));
  EXPECT_TRUE(has(fs, "c-strcat", 6));
  EXPECT_TRUE(has(fs, "c-sprintf", 7));
  EXPECT_FALSE(has(fs, "unsafe-memory", 8));
  EXPECT_TRUE(has(fs, "command-injection", 9));
  EXPECT_FALSE(has(fs, "command-injection", 10));
  EXPECT_TRUE(has(fs, "c-gets", 11));
  EXPECT_TRUE(has(fs, "c-scanf-unbounded", 12));
  EXPECT_FALSE(has(fs, "unsafe-memory", 13));
  EXPECT_FALSE(has(fs, "unsafe-memory", 14));
  EXPECT_FALSE(has(fs, "unsafe-memory", 15));
  EXPECT_TRUE(has(fs, "weak-crypto", 16));
  EXPECT_TRUE(has(fs, "tls-disabled", 17));
  EXPECT_FALSE(has(fs, "tls-disabled", 18));
  // strcpy has no automatic fix (unsafe to rewrite mechanically).
  for (const auto& f : fs)
    if (f.rule == "c-strcpy") {
      EXPECT_FALSE(f.fix.has_value());
    }
}

TEST(RulesCpp, RawStringsRandomAndCatch) {
  const char* src =
      "auto s = R\"x(strcpy(a, b); \" system(cmd) )x\";\n"            // 1 raw string: nothing
      "class SessionTable {\n"                                         // 2
      "  std::string create() {\n"                                     // 3
      "    std::string id; id += \"0123\"[std::rand() % 4];\n"         // 4 random for a session
      "    try { go(); } catch (...) {}\n"                             // 5 empty catch
      "    return id;\n"
      "  }\n"
      "};\n"
      "int n = 1'000'000; const char* q = \"strcat(x, y)\";\n";       // 9 digit separators
  auto fs = analyze(src, Language::Cpp);
  SCOPED_TRACE(dump(fs));
  EXPECT_FALSE(has(fs, "unsafe-memory", 1));
  EXPECT_FALSE(has(fs, "command-injection", 1));
  EXPECT_TRUE(has(fs, "insecure-random", 4));
  EXPECT_TRUE(has(fs, "empty-catch", 5));
  EXPECT_FALSE(has(fs, "unsafe-memory", 9));
}

TEST(RulesGo, ShellCryptoTls) {
  const char* src =
      "package main\n"
      "import (\n\tmrand \"math/rand\"\n\t\"crypto/md5\"\n)\n"                               // 2-5
      "func run(s *Server, file string) {\n"                                                // 6
      "\tcmd := exec.Command(\"sh\", \"-c\", \"ffmpeg -i \"+file)\n"                         // 7
      "\tout, _ := exec.Command(\"git\", \"-C\", s.Dir, \"log\").Output()\n"                 // 8
      "\tq := \"SELECT * FROM t WHERE name = '\" + file + \"'\"\n"                          // 9
      "\trows, _ := s.DB.Query(q)\n"                                                        // 10
      "\tc := &tls.Config{InsecureSkipVerify: true}\n"                                      // 11
      "\tsum := md5.Sum([]byte(file))\n"                                                    // 12
      "}\n"
      "func resetToken() string { return string(letters[mrand.Intn(10)]) }\n";              // 14
  auto fs = analyze(src, Language::Go);
  SCOPED_TRACE(dump(fs));
  EXPECT_TRUE(has(fs, "go-exec-shell", 7));
  EXPECT_FALSE(has(fs, "command-injection", 8));
  EXPECT_TRUE(has(fs, "sql-injection", 10));
  EXPECT_TRUE(has(fs, "tls-disabled", 11));
  EXPECT_TRUE(has(fs, "weak-crypto", 12));
  EXPECT_TRUE(has(fs, "insecure-random", 14));
}

TEST(RulesJava, DeserializationTlsSql) {
  const char* src =
      "class A {\n"
      "  Object load(ObjectInputStream in) throws Exception { return in.readObject(); }\n"        // 2
      "  void q(Statement st, String n) throws Exception {\n"                                     // 3
      "    st.executeQuery(\"SELECT * FROM u WHERE n = '\" + n + \"'\");\n"                       // 4
      "    Cipher c = Cipher.getInstance(\"DES/ECB/PKCS5Padding\");\n"                            // 5
      "    MessageDigest d = MessageDigest.getInstance(\"SHA-256\");\n"                           // 6
      "    conn.setHostnameVerifier((h, s) -> true);\n"                                           // 7
      "  }\n"
      "  public void checkServerTrusted(X509Certificate[] c, String t) { }\n"                     // 9
      "}\n";
  auto fs = analyze(src, Language::Java);
  SCOPED_TRACE(dump(fs));
  EXPECT_TRUE(has(fs, "java-readobject", 2));
  EXPECT_TRUE(has(fs, "sql-injection", 4));
  EXPECT_TRUE(has(fs, "weak-cipher", 5));
  EXPECT_FALSE(has(fs, "weak-crypto", 6));
  EXPECT_TRUE(has(fs, "tls-disabled", 7));
  EXPECT_TRUE(has(fs, "tls-disabled", 9));
}

TEST(RulesRuby, InterpolationHeredocsAndRescue) {
  const char* src =
      "class C\n"
      "  def a(params)\n"                                                  // 2
      "    User.where(\"email = '#{params[:email]}'\").first\n"            // 3 sql
      "    User.where('id = ?', params[:id])\n"                            // 4 placeholders
      "    `git log #{params[:b]}`\n"                                      // 5 command
      "    system('git', 'fetch')\n"                                       // 6 arg list
      "    Marshal.load(params[:blob])\n"                                  // 7
      "    text = <<~SQL\n"                                                // 8
      "      eval(x) # not code\n"                                         // 9 heredoc body
      "    SQL\n"                                                          // 10
      "    binding.pry\n"                                                  // 11
      "  rescue StandardError\n"                                           // 12 empty rescue
      "  end\n"
      "end\n";
  auto fs = analyze(src, Language::Ruby);
  SCOPED_TRACE(dump(fs));
  EXPECT_TRUE(has(fs, "sql-injection", 3));
  EXPECT_FALSE(has(fs, "sql-injection", 4));
  EXPECT_TRUE(has(fs, "rb-backticks", 5));
  EXPECT_FALSE(has(fs, "command-injection", 6));
  EXPECT_TRUE(has(fs, "rb-marshal-load", 7));
  EXPECT_FALSE(has(fs, "code-injection", 9));
  EXPECT_TRUE(has(fs, "debug-leftover", 11));
  EXPECT_TRUE(has(fs, "empty-catch", 12));
}

TEST(RulesPhp, EchoUnserializeHeredoc) {
  const char* src =
      "<p>eval($x) in html</p>\n"                                           // 1 html
      "<?php\n"
      "$prefs = unserialize($_COOKIE['p']);\n"                              // 3
      "$sql = \"SELECT * FROM t WHERE q = '$q'\";\n"                        // 4
      "$r = mysqli_query($db, $sql);\n"                                     // 5 sql (tainted)
      "$h = md5($password);\n"                                              // 6
      "$doc = <<<EOT\n  system($cmd) # text\nEOT;\n"                        // 7-9 heredoc
      "?>\n"
      "<h1><?php echo $_GET['q']; ?></h1>\n"                                // 11 xss
      "<h1><?php echo htmlspecialchars($_GET['q']); ?></h1>\n";             // 12 escaped
  auto fs = analyze(src, Language::Php);
  SCOPED_TRACE(dump(fs));
  EXPECT_FALSE(any_security(analyze("<p>eval($x) system($y)</p>\n", Language::Php)));
  EXPECT_TRUE(has(fs, "php-unserialize", 3));
  EXPECT_TRUE(has(fs, "sql-injection", 5));
  EXPECT_TRUE(has(fs, "weak-crypto", 6));
  EXPECT_FALSE(has(fs, "command-injection", 8));
  EXPECT_TRUE(has(fs, "php-echo-request", 11));
  EXPECT_FALSE(has(fs, "xss", 12));
}

TEST(RulesShell, CommandsSecretsTls) {
  const char* src =
      "#!/bin/bash\n"
      "DB_PASSWORD=\"${DB_PASSWORD:?must be set}\"\n"                      // 2 env
      "export API_TOKEN=\"a1b2c3d4e5f6g7\"\n"                              // 3 secret
      "curl -fsSL -k https://x.test/\n"                                    // 4 tls
      "curl --cacert ca.pem https://x.test/\n"                             // 5 fine
      "eval \"$hook\"\n"                                                   // 6 code
      "bash -c \"curl $url\"\n"                                            // 7 command
      "echo 'curl -k in a string'  # curl -k in a comment\n"               // 8 nothing
      "openssl enc -des-cbc -in a -out b\n"                                // 9 weak
      "md5sum backup.tar\n"                                                // 10 checksum
      "mysql -u root -p'S3cret!pw' db\n"                                   // 11 secret
      "cat <<EOF\ncurl -k nothing here\nEOF\n"                             // 12-14 heredoc
      "for f in `find $1 -name x`; do rm \"$f\"; done\n";                  // 15
  auto fs = analyze(src, Language::Shell);
  SCOPED_TRACE(dump(fs));
  EXPECT_FALSE(has(fs, "secret", 2));
  EXPECT_TRUE(has(fs, "secret", 3));
  EXPECT_TRUE(has(fs, "tls-disabled", 4));
  EXPECT_FALSE(has(fs, "tls-disabled", 5));
  EXPECT_TRUE(has(fs, "sh-eval", 6));
  EXPECT_TRUE(has(fs, "command-injection", 7));
  EXPECT_FALSE(any_security(analyze("echo 'curl -k in a string'  # curl -k in a comment\n", Language::Shell)));
  EXPECT_TRUE(has(fs, "weak-cipher", 9));
  EXPECT_FALSE(has(fs, "weak-crypto", 10));
  EXPECT_TRUE(has(fs, "secret-cli-password", 11));
  EXPECT_FALSE(has(fs, "tls-disabled", 13));
  EXPECT_TRUE(has(fs, "sh-unquoted-substitution", 15));
}

TEST(RulesCSharpRust, Basics) {
  auto cs = analyze(
      "class A {\n"
      "  void F(string s) {\n"
      "    var h = MD5.Create();\n"                                 // 3
      "    var v = @\"C:\\path\\ \"\" eval(x)\";\n"                // 4 verbatim string ("" escapes)
      "    var f = new BinaryFormatter();\n"                        // 5
      "    try { G(); } catch (Exception) { }\n"                    // 6
      "  }\n"
      "}\n",
      Language::CSharp);
  SCOPED_TRACE(dump(cs));
  EXPECT_TRUE(has(cs, "weak-crypto", 3));
  EXPECT_FALSE(has(cs, "code-injection", 4));
  EXPECT_TRUE(has(cs, "cs-binaryformatter", 5));
  EXPECT_TRUE(has(cs, "empty-catch", 6));

  auto rs = analyze(
      "/* outer /* nested */ still comment: gets(buf) */\n"           // 1
      "fn f<'a>(x: &'a str) -> &'a str {\n"                            // 2 lifetimes
      "    let s = r#\"raw \"quoted\" TODO\"#;\n"                      // 3 raw string
      "    // TODO: real todo\n"                                       // 4
      "    x\n"
      "}\n",
      Language::Rust);
  SCOPED_TRACE(dump(rs));
  EXPECT_FALSE(has(rs, "todo", 1));
  EXPECT_FALSE(has(rs, "todo", 3));
  EXPECT_TRUE(has(rs, "todo", 4));
}

TEST(RuleCatalog, EveryRuleHasValidCategoryAndHelp) {
  for (const auto& r : all_rules()) {
    EXPECT_TRUE(is_known_rule_or_category(r.category)) << r.id;
    EXPECT_FALSE(r.help.empty()) << r.id;
    EXPECT_EQ(find_rule(r.id), &r);
  }
  EXPECT_EQ(security_categories().size(), 20u);
  EXPECT_EQ(quality_categories().size(), 7u);
}

TEST(RuleCatalog, EverySecurityRuleHasACwe) {
  for (const auto& r : all_rules()) {
    if (is_security_category(r.category)) {
      EXPECT_GT(r.cwe, 0) << r.id;
    }
    EXPECT_GE(r.cwe, 0) << r.id;
  }
  EXPECT_EQ(find_rule("weak-hash")->cwe, 328);
  EXPECT_EQ(find_rule("weak-cipher")->cwe, 327);
  EXPECT_EQ(find_rule("insecure-random")->cwe, 330);
  EXPECT_EQ(find_rule("cookie-insecure")->cwe, 614);
  EXPECT_EQ(find_rule("cookie-no-httponly")->cwe, 1004);
  EXPECT_EQ(find_rule("xxe")->cwe, 611);
  EXPECT_EQ(find_rule("c-gets")->cwe, 242);
  EXPECT_EQ(find_rule("complexity")->cwe, 1121);
}


// Languages without an eval builtin: a function of that name is the program's own.
TEST(Rules, EvalIsOnlyCodeInjectionWhereTheLanguageHasIt) {
  const char* cpp = "template <class T> void f(T* z, const T* w, long l) { eval(z, w, l); }\n";
  EXPECT_EQ(count(analyze(cpp, Language::Cpp), "code-injection"), 0);
  EXPECT_EQ(count(analyze("void g(char* s) { eval(s); }\n", Language::C), "code-injection"), 0);
  EXPECT_EQ(count(analyze("func g(s string) { eval(s) }\n", Language::Go), "code-injection"), 0);
  EXPECT_EQ(count(analyze("function g(s) { return eval(s); }\n", Language::JavaScript), "code-injection"), 1);
}

}  // namespace
