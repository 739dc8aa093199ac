// The non-flow weakness families of issue 13: weak hashes and ciphers (with algorithm names from
// variables and lookup defaults), predictable random values that reach a security use, cookies
// without Secure/HttpOnly, XML external entities and disabled TLS verification. Each case has a
// look-alike that must stay silent.
#include <gtest/gtest.h>

#include "analysis/project_properties.h"

#include "tests/analysis/analysis_test_util.h"

namespace {

using namespace cc::analysis;
using namespace cc::analysis::testing;

TEST(WeakCrypto, JavaAlgorithmFromVariableOrLookupDefault) {
  const char* src =
      "class A {\n"                                                                           // 1
      "  void f(java.util.Properties props) throws Exception {\n"                             // 2
      "    String a1 = props.getProperty(\"hashAlg1\", \"MD5\");\n"                           // 3
      "    MessageDigest m1 = MessageDigest.getInstance(a1);\n"                               // 4
      "    String a2 = props.getProperty(\"hashAlg2\", \"SHA-256\");\n"                       // 5
      "    MessageDigest m2 = MessageDigest.getInstance(a2);\n"                               // 6
      "    String t = \"DESede/ECB/PKCS5Padding\";\n"                                         // 7
      "    Cipher c1 = Cipher.getInstance(t);\n"                                              // 8
      "    Cipher c2 = Cipher.getInstance(\"AES\");\n"                                        // 9
      "    Cipher c3 = Cipher.getInstance(\"AES/GCM/NoPadding\");\n"                          // 10
      "    KeyGenerator k = KeyGenerator.getInstance(\"DES\");\n"                             // 11
      "    String h = org.apache.commons.codec.digest.DigestUtils.md5Hex(t);\n"               // 12
      "    String s = org.apache.commons.codec.digest.DigestUtils.sha256Hex(t);\n"            // 13
      "  }\n"
      "}\n";
  auto fs = analyze(src, Language::Java);
  SCOPED_TRACE(dump(fs));
  EXPECT_TRUE(has(fs, "weak-hash", 4));
  EXPECT_FALSE(has(fs, "weak-hash", 6));
  EXPECT_TRUE(has(fs, "weak-cipher", 8));
  EXPECT_TRUE(has(fs, "weak-cipher", 9));  // "AES" alone is ECB
  EXPECT_FALSE(has(fs, "weak-cipher", 10));
  EXPECT_TRUE(has(fs, "weak-cipher", 11));
  EXPECT_TRUE(has(fs, "weak-hash", 12));
  EXPECT_FALSE(has(fs, "weak-hash", 13));
}

// With the project's .properties values known (a workspace scan reads them), the configured
// algorithm decides, not the lookup's fallback; System.getProperty reads no such file.
TEST(WeakCrypto, JavaAlgorithmFromProjectProperties) {
  const char* src =
      "class A {\n"                                                                    // 1
      "  void f(java.util.Properties props) throws Exception {\n"                      // 2
      "    String a1 = props.getProperty(\"digest.legacy\", \"SHA-512\");\n"          // 3
      "    MessageDigest m1 = MessageDigest.getInstance(a1);\n"                        // 4
      "    String a2 = props.getProperty(\"digest.archive\", \"MD5\");\n"             // 5
      "    MessageDigest m2 = MessageDigest.getInstance(a2);\n"                        // 6
      "    MessageDigest m3 = MessageDigest.getInstance(props.getProperty(\"digest.legacy\"));\n"  // 7
      "    String a4 = System.getProperty(\"digest.legacy\", \"SHA-256\");\n"         // 8
      "    MessageDigest m4 = MessageDigest.getInstance(a4);\n"                        // 9
      "    String a5 = props.getProperty(\"digest.unset\", \"MD5\");\n"               // 10
      "    MessageDigest m5 = MessageDigest.getInstance(a5);\n"                        // 11
      "  }\n"
      "}\n";
  AnalysisConfig cfg;
  cfg.project_properties = ProjectProperties::with_values({{"digest.legacy", "MD5"}, {"digest.archive", "SHA-256"}});
  auto fs = analyze(src, Language::Java, cfg);
  SCOPED_TRACE(dump(fs));
  EXPECT_TRUE(has(fs, "weak-hash", 4));
  EXPECT_FALSE(has(fs, "weak-hash", 6));
  EXPECT_TRUE(has(fs, "weak-hash", 7));
  EXPECT_FALSE(has(fs, "weak-hash", 9));
  EXPECT_TRUE(has(fs, "weak-hash", 11));  // no configured value: the fallback decides
}

TEST(WeakCrypto, PythonCSharpAndCryptographyPackage) {
  const char* py =
      "import hashlib\n"                                                      // 1
      "algo = config.get('HASH', 'md5')\n"                                    // 2
      "h = hashlib.new(algo)\n"                                               // 3
      "g = hashlib.new('sha256')\n"                                           // 4
      "c = Cipher(algorithms.TripleDES(key), modes.CBC(iv))\n"                // 5
      "d = Cipher(algorithms.AES(key), modes.ECB())\n"                        // 6
      "e = Cipher(algorithms.AES(key), modes.GCM(iv))\n"                      // 7
      "x = hashes.Hash(hashes.SHA1())\n"                                      // 8
      "y = hashlib.md5(data, usedforsecurity=False)\n";                       // 9
  auto fs = analyze(py, Language::Python);
  SCOPED_TRACE(dump(fs));
  EXPECT_TRUE(has(fs, "weak-hash", 3));
  EXPECT_FALSE(has(fs, "weak-hash", 4));
  EXPECT_TRUE(has(fs, "weak-cipher", 5));
  EXPECT_TRUE(has(fs, "weak-cipher", 6));
  EXPECT_FALSE(has(fs, "weak-cipher", 7));
  EXPECT_TRUE(has(fs, "weak-hash", 8));
  EXPECT_FALSE(has(fs, "weak-hash", 9));
  auto cs = analyze("var a = TripleDES.Create();\nvar b = Aes.Create();\nvar c = new RC2CryptoServiceProvider();\n",
                    Language::CSharp);
  SCOPED_TRACE(dump(cs));
  EXPECT_TRUE(has(cs, "weak-cipher", 1));
  EXPECT_FALSE(has(cs, "weak-cipher", 2));
  EXPECT_TRUE(has(cs, "weak-cipher", 3));
}

TEST(PredictableRandom, ReportedWhenTheValueReachesASecurityUse) {
  const char* java =
      "class A {\n"                                                                                  // 1
      "  void cookie(HttpServletResponse response) {\n"                                              // 2
      "    double value = Math.random();\n"                                                          // 3
      "    String v = Double.toString(value).substring(2);\n"                                        // 4
      "    Cookie c = new Cookie(\"rememberMe\", v);\n"                                              // 5
      "    response.addCookie(c);\n"                                                                 // 6
      "  }\n"                                                                                        // 7
      "  void jitter() throws Exception {\n"                                                         // 8
      "    int wait = new java.util.Random().nextInt(100);\n"                                        // 9
      "    Thread.sleep(wait);\n"                                                                    // 10
      "  }\n"                                                                                        // 11
      "  void session(HttpServletRequest request) {\n"                                               // 12
      "    java.util.Random gen = new java.util.Random();\n"                                         // 13
      "    byte[] bytes = new byte[16];\n"                                                           // 14
      "    gen.nextBytes(bytes);\n"                                                                  // 15
      "    request.getSession().setAttribute(\"k\", java.util.Base64.getEncoder().encodeToString(bytes));\n"  // 16
      "  }\n"
      "}\n";
  auto fs = analyze(java, Language::Java);
  SCOPED_TRACE(dump(fs));
  EXPECT_TRUE(has(fs, "insecure-random", 3));
  EXPECT_FALSE(has(fs, "insecure-random", 9));
  EXPECT_TRUE(has(fs, "insecure-random", 13) || has(fs, "insecure-random", 15));

  const char* py =
      "import random, secrets, time\n"                                       // 1
      "def handler():\n"                                                     // 2
      "    pause = random.uniform(0.1, 0.5)\n"                               // 3
      "    time.sleep(pause)\n"                                              // 4
      "    value = random.randint(0, 10**9)\n"                               // 5
      "    return redirect(f\"/reset?code={value}\")\n"                      // 6
      "def other():\n"                                                       // 7
      "    rng = random.Random()\n"                                          // 8
      "    rng = random.SystemRandom()\n"                                    // 9
      "    session['csrf'] = str(rng.random())\n"                            // 10
      "    colour = random.choice(['red', 'blue'])\n"                        // 11
      "    return colour\n";                                                 // 12
  auto ps = analyze(py, Language::Python);
  SCOPED_TRACE(dump(ps));
  EXPECT_FALSE(has(ps, "insecure-random", 3));
  EXPECT_TRUE(has(ps, "insecure-random", 5));
  EXPECT_FALSE(has(ps, "insecure-random", 8));  // overwritten by SystemRandom before use
  EXPECT_FALSE(has(ps, "insecure-random", 11));

  auto js = analyze(
      "function f(res, items) {\n"
      "  const id = Math.random().toString(36);\n"
      "  res.cookie('sid', id, { secure: true, httpOnly: true });\n"
      "  return items.map((x) => <li key={Math.random()}>{x}</li>);\n"
      "}\n",
      Language::JavaScript);
  SCOPED_TRACE(dump(js));
  EXPECT_TRUE(has(js, "insecure-random", 2));
  EXPECT_FALSE(has(js, "insecure-random", 4));
}

TEST(Cookies, SecureAndHttpOnlyAcrossFrameworks) {
  const char* java =
      "class A {\n"                                                          // 1
      "  void a(HttpServletResponse response, String v) {\n"                 // 2
      "    Cookie c = new Cookie(\"a\", v);\n"                               // 3
      "    c.setHttpOnly(true);\n"                                           // 4
      "    response.addCookie(c);\n"                                         // 5
      "  }\n"                                                                // 6
      "  void b(HttpServletResponse response, String v) {\n"                 // 7
      "    javax.servlet.http.Cookie c = new javax.servlet.http.Cookie(\"b\", v);\n"  // 8
      "    c.setSecure(true);\n"                                             // 9
      "    c.setHttpOnly(true);\n"                                           // 10
      "    response.addCookie(c);\n"                                         // 11
      "  }\n"                                                                // 12
      "  Cookie c(String v) {\n"                                             // 13
      "    Cookie c = new Cookie(\"c\", v);\n"                               // 14
      "    return c;\n"                                                      // 15
      "  }\n"
      "}\n";
  auto fs = analyze(java, Language::Java);
  SCOPED_TRACE(dump(fs));
  EXPECT_TRUE(has(fs, "cookie-insecure", 3));
  EXPECT_FALSE(has(fs, "cookie-no-httponly", 3));
  EXPECT_FALSE(has(fs, "insecure-cookie", 8));
  EXPECT_FALSE(has(fs, "insecure-cookie", 14));  // not added to a response here

  auto py = analyze(
      "resp.set_cookie('a', v, httponly=True)\n"
      "resp.set_cookie('b', v, secure=True, httponly=True)\n"
      "resp.set_cookie('c', v, secure=True)\n"
      "resp.set_cookie('d', v, **opts)\n",
      Language::Python);
  SCOPED_TRACE(dump(py));
  EXPECT_TRUE(has(py, "cookie-insecure", 1));
  EXPECT_FALSE(has(py, "insecure-cookie", 2));
  EXPECT_TRUE(has(py, "cookie-no-httponly", 3));
  EXPECT_FALSE(has(py, "insecure-cookie", 4));

  auto js = analyze(
      "res.cookie('a', v);\n"
      "res.cookie('b', v, { secure: true, httpOnly: true });\n"
      "res.cookie('c', v, opts);\n"
      "document.cookie = 'x=1';\n",
      Language::JavaScript);
  SCOPED_TRACE(dump(js));
  EXPECT_TRUE(has(js, "cookie-insecure", 1));
  EXPECT_FALSE(has(js, "insecure-cookie", 2));
  EXPECT_FALSE(has(js, "insecure-cookie", 3));

  auto php = analyze(
      "<?php\n"
      "setcookie('a', $v, time() + 60, '/', '', false, true);\n"
      "setcookie('b', $v, time() + 60, '/', '', true, true);\n"
      "setcookie('c', $v, ['secure' => true, 'httponly' => true]);\n",
      Language::Php);
  SCOPED_TRACE(dump(php));
  EXPECT_TRUE(has(php, "cookie-insecure", 2));
  EXPECT_FALSE(has(php, "insecure-cookie", 3));
  EXPECT_FALSE(has(php, "insecure-cookie", 4));

  auto go = analyze(
      "package p\n"
      "func f() {\n"
      "\thttp.SetCookie(w, &http.Cookie{Name: \"a\", Value: v})\n"
      "\thttp.SetCookie(w, &http.Cookie{Name: \"b\", Value: v, Secure: true, HttpOnly: true})\n"
      "}\n",
      Language::Go);
  SCOPED_TRACE(dump(go));
  EXPECT_TRUE(has(go, "cookie-insecure", 3));
  EXPECT_FALSE(has(go, "insecure-cookie", 4));
}

TEST(Xxe, JavaFactoriesNeedDoctypeOrEntitiesDisabled) {
  const char* java =
      "class A {\n"                                                                       // 1
      "  Document a(String x) throws Exception {\n"                                       // 2
      "    DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();\n"          // 3
      "    return dbf.newDocumentBuilder().parse(new InputSource(new StringReader(x)));\n"  // 4
      "  }\n"                                                                             // 5
      "  Document b(String x) throws Exception {\n"                                       // 6
      "    DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();\n"          // 7
      "    dbf.setFeature(\"http://apache.org/xml/features/disallow-doctype-decl\", true);\n"  // 8
      "    return dbf.newDocumentBuilder().parse(new InputSource(new StringReader(x)));\n"  // 9
      "  }\n"                                                                             // 10
      "  void c(String x) throws Exception {\n"                                           // 11
      "    XMLInputFactory f = XMLInputFactory.newInstance();\n"                          // 12
      "    f.setProperty(XMLInputFactory.SUPPORT_DTD, false);\n"                          // 13
      "    f.createXMLStreamReader(new StringReader(x));\n"                               // 14
      "  }\n"                                                                             // 15
      "  DocumentBuilderFactory d() {\n"                                                  // 16
      "    return DocumentBuilderFactory.newInstance();\n"                                // 17
      "  }\n"
      "}\n";
  auto fs = analyze(java, Language::Java);
  SCOPED_TRACE(dump(fs));
  EXPECT_TRUE(has(fs, "xxe", 3));
  EXPECT_FALSE(has(fs, "xxe", 7));
  EXPECT_FALSE(has(fs, "xxe", 12));
  EXPECT_FALSE(has(fs, "xxe", 17));  // created, not parsed here
}

TEST(Xxe, OtherLanguages) {
  auto py = analyze(
      "p = etree.XMLParser(resolve_entities=True)\n"
      "q = etree.XMLParser(resolve_entities=False)\n"
      "parser.setFeature(feature_external_ges, True)\n"
      "parser.setFeature(feature_external_ges, False)\n",
      Language::Python);
  SCOPED_TRACE(dump(py));
  EXPECT_TRUE(has(py, "xxe", 1));
  EXPECT_FALSE(has(py, "xxe", 2));
  EXPECT_TRUE(has(py, "xxe", 3));
  EXPECT_FALSE(has(py, "xxe", 4));
  auto cs = analyze("settings.DtdProcessing = DtdProcessing.Parse;\nsettings.DtdProcessing = DtdProcessing.Prohibit;\n"
                    "doc.XmlResolver = new XmlUrlResolver();\ndoc.XmlResolver = null;\n",
                    Language::CSharp);
  SCOPED_TRACE(dump(cs));
  EXPECT_TRUE(has(cs, "xxe", 1));
  EXPECT_FALSE(has(cs, "xxe", 2));
  EXPECT_TRUE(has(cs, "xxe", 3));
  EXPECT_FALSE(has(cs, "xxe", 4));
  auto php = analyze("<?php\n$d->loadXML($x, LIBXML_NOENT);\nlibxml_disable_entity_loader(false);\nlibxml_disable_entity_loader(true);\n",
                     Language::Php);
  SCOPED_TRACE(dump(php));
  EXPECT_TRUE(has(php, "xxe", 2));
  EXPECT_TRUE(has(php, "xxe", 3));
  EXPECT_FALSE(has(php, "xxe", 4));
  auto c = analyze("enum { XML_PARSE_NOENT = 1 << 1 };\n#define F XML_PARSE_NOENT\nxmlReadMemory(b, n, 0, 0, XML_PARSE_NOENT);\n",
                   Language::C);
  SCOPED_TRACE(dump(c));
  EXPECT_FALSE(has(c, "xxe", 1));
  EXPECT_FALSE(has(c, "xxe", 2));
  EXPECT_TRUE(has(c, "xxe", 3));
}

TEST(Tls, JavaVerifiersAndComparisonsThatDoNotDisable) {
  const char* java =
      "class A {\n"                                                                    // 1
      "  HostnameVerifier v = new HostnameVerifier() {\n"                              // 2
      "    public boolean verify(String host, SSLSession session) { return true; }\n"  // 3
      "  };\n"                                                                         // 4
      "  HostnameVerifier w = new HostnameVerifier() {\n"                              // 5
      "    public boolean verify(String host, SSLSession s) { return host.equals(\"a\"); }\n"  // 6
      "  };\n"
      "}\n";
  auto fs = analyze(java, Language::Java);
  SCOPED_TRACE(dump(fs));
  EXPECT_TRUE(has(fs, "tls-verify-disabled", 3));
  EXPECT_FALSE(has(fs, "tls-verify-disabled", 6));
  auto py = analyze(
      "ctx.verify_mode = ssl.CERT_NONE\n"
      "if ctx.verify_mode != ssl.CERT_NONE:\n"
      "    pass\n"
      "ok = mode in (CERT_NONE, CERT_OPTIONAL)\n"
      "s = wrap_socket(sock, cert_reqs=CERT_NONE)\n",
      Language::Python);
  SCOPED_TRACE(dump(py));
  EXPECT_TRUE(has(py, "tls-verify-disabled", 1));
  EXPECT_FALSE(has(py, "tls-verify-disabled", 2));
  EXPECT_FALSE(has(py, "tls-verify-disabled", 4));
  EXPECT_TRUE(has(py, "tls-verify-disabled", 5));
  auto cs = analyze("handler.ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator;\n",
                    Language::CSharp);
  EXPECT_TRUE(has(cs, "tls-verify-disabled", 1)) << dump(cs);
}

}  // namespace
