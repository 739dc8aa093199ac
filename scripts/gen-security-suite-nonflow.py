#!/usr/bin/env python3
"""Generates the security-suite cases of the non-flow families (issue 13): weak hash (CWE-328),
weak cipher (327), predictable random reaching a security use (330), insecure cookies (614 and
1004), XML external entities (611) and disabled TLS verification (295).

Each real case has a safe twin that differs only in the algorithm, the flag or where the value
goes (SHA-256 for MD5, SecureRandom for Random, setSecure(true) for an absent flag, a random
number used for jitter instead of a cookie). Java cases follow OWASP Benchmark's servlet shape.

    scripts/gen-security-suite-nonflow.py [--out tests/analysis/security_suite]

Rewrites tests/analysis/security_suite/<language>/<family>/ for these families; deterministic.
"""
import argparse
import os
import shutil

FAMILY_DIRS = {328: "weak-hash", 327: "weak-cipher", 330: "insecure-random", 614: "insecure-cookie",
               1004: "cookie-httponly", 611: "xxe", 295: "tls-disabled"}
EXT = {"java": "java", "python": "py", "javascript": "js", "typescript": "ts", "csharp": "cs", "go": "go",
       "php": "php", "ruby": "rb", "c": "c"}
COMMENT = {"python": "#", "ruby": "#"}

cases = []  # (language, cwe, name, real, text)


def add(lang, cwe, name, real_text, safe_text):
    cases.append((lang, cwe, name, True, real_text))
    cases.append((lang, cwe, name, False, safe_text))


def label(lang, cwe, real):
    mark = COMMENT.get(lang, "//")
    return f"{mark} cc-suite: cwe={cwe} {'real' if real else 'safe'}\n"


# ---------------------------------------------------------------- Java (OWASP Benchmark shape)

def java_servlet(name, body, imports=""):
    return f"""package org.owasp.benchmark.testcode;

import java.io.IOException;
import javax.servlet.ServletException;
import javax.servlet.annotation.WebServlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
{imports}
@WebServlet(value = "/suite/{name}")
public class {name} extends HttpServlet {{

    private static final long serialVersionUID = 1L;

    @Override
    public void doGet(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {{
        doPost(request, response);
    }}

    @Override
    public void doPost(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {{
        response.setContentType("text/html;charset=UTF-8");
        String param = request.getParameter("{name}");
        if (param == null) param = "";
{body}
    }}
}}
"""


def indent(text, n=8):
    return "".join((" " * n + line if line.strip() else line) for line in text.splitlines(True))


def java_hash():
    pairs = [("MD5", "SHA-256"), ("SHA1", "SHA-512"), ("SHA-1", "SHA3-256"), ("MD2", "SHA-384"), ("MD5", "SHA512")]
    shapes = {
        "literal": 'java.security.MessageDigest md = java.security.MessageDigest.getInstance("{alg}");\n',
        "variable": 'String algorithm = "{alg}";\njava.security.MessageDigest md = java.security.MessageDigest.getInstance(algorithm);\n',
        "props": ('java.util.Properties benchmarkprops = new java.util.Properties();\n'
                  'benchmarkprops.load(this.getClass().getClassLoader().getResourceAsStream("benchmark.properties"));\n'
                  'String algorithm = benchmarkprops.getProperty("hashAlg1", "{alg}");\n'
                  'java.security.MessageDigest md = java.security.MessageDigest.getInstance(algorithm);\n'),
        "provider": 'java.security.MessageDigest md = java.security.MessageDigest.getInstance("{alg}", "SUN");\n',
    }
    use = ('byte[] input = param.getBytes("UTF-8");\nmd.update(input);\nbyte[] result = md.digest();\n'
           'response.getWriter().println("Hash: " + java.util.Base64.getEncoder().encodeToString(result));\n')
    n = 0
    for shape, tmpl in shapes.items():
        for weak, strong in pairs:
            n += 1
            name = f"HashTest{n:03d}"
            wrap = lambda alg: indent("try {\n" + indent(tmpl.format(alg=alg) + use, 4) +
                                      "} catch (java.security.GeneralSecurityException e) {\n    throw new ServletException(e);\n}\n")
            add("java", 328, name, java_servlet(name, wrap(weak)), java_servlet(name, wrap(strong)))
    for weak, strong in [("md5Hex", "sha256Hex"), ("sha1Hex", "sha512Hex"), ("md5", "sha256"), ("sha1", "sha384")]:
        n += 1
        name = f"HashTest{n:03d}"
        body = lambda m: indent(f"Object digest = org.apache.commons.codec.digest.DigestUtils.{m}(param);\n"
                                'response.getWriter().println("Digest: " + digest);\n')
        add("java", 328, name, java_servlet(name, body(weak)), java_servlet(name, body(strong)))


def java_cipher():
    pairs = [("DES/CBC/PKCS5Padding", "AES/GCM/NoPadding"), ("DESede/ECB/PKCS5Padding", "AES/CBC/PKCS5Padding"),
             ("AES/ECB/PKCS5Padding", "AES/GCM/NoPadding"), ("RC4", "ChaCha20-Poly1305"), ("Blowfish", "AES/CTR/NoPadding"),
             ("AES", "AES/GCM/NoPadding")]
    shapes = {
        "literal": 'javax.crypto.Cipher c = javax.crypto.Cipher.getInstance("{alg}");\n',
        "variable": 'String transformation = "{alg}";\njavax.crypto.Cipher c = javax.crypto.Cipher.getInstance(transformation);\n',
        "props": ('java.util.Properties benchmarkprops = new java.util.Properties();\n'
                  'benchmarkprops.load(this.getClass().getClassLoader().getResourceAsStream("benchmark.properties"));\n'
                  'String algorithm = benchmarkprops.getProperty("cryptoAlg1", "{alg}");\n'
                  'javax.crypto.Cipher c = javax.crypto.Cipher.getInstance(algorithm);\n'),
        "provider": 'javax.crypto.Cipher c = javax.crypto.Cipher.getInstance("{alg}", "SunJCE");\n',
    }
    use = ('javax.crypto.SecretKey key = javax.crypto.KeyGenerator.getInstance("AES").generateKey();\n'
           'c.init(javax.crypto.Cipher.ENCRYPT_MODE, key);\n'
           'byte[] result = c.doFinal(param.getBytes("UTF-8"));\n'
           'response.getWriter().println("Encrypted: " + java.util.Base64.getEncoder().encodeToString(result));\n')
    n = 0
    for shape, tmpl in shapes.items():
        for weak, strong in pairs[: 5 if shape != "literal" else 6]:
            n += 1
            name = f"CryptoTest{n:03d}"
            wrap = lambda alg: indent("try {\n" + indent(tmpl.format(alg=alg) + use, 4) +
                                      "} catch (java.security.GeneralSecurityException e) {\n    throw new ServletException(e);\n}\n")
            add("java", 327, name, java_servlet(name, wrap(weak)), java_servlet(name, wrap(strong)))
    for weak, strong in [("DES", "AES"), ("DESede", "AES"), ("Blowfish", "HmacSHA256")]:
        n += 1
        name = f"CryptoTest{n:03d}"
        body = lambda alg: indent("try {\n"
                                  f'    javax.crypto.KeyGenerator kg = javax.crypto.KeyGenerator.getInstance("{alg}");\n'
                                  "    javax.crypto.SecretKey key = kg.generateKey();\n"
                                  '    response.getWriter().println("Key length: " + key.getEncoded().length);\n'
                                  "} catch (java.security.GeneralSecurityException e) {\n    throw new ServletException(e);\n}\n")
        add("java", 327, name, java_servlet(name, body(weak)), java_servlet(name, body(strong)))


def java_random():
    weak_sources = [
        ("double value = java.lang.Math.random();\nString rememberMeKey = Double.toString(value).substring(2);\n",
         "double value = new java.security.SecureRandom().nextDouble();\nString rememberMeKey = Double.toString(value).substring(2);\n"),
        ("int r = new java.util.Random().nextInt();\nString rememberMeKey = Integer.toString(r);\n",
         "int r = new java.security.SecureRandom().nextInt();\nString rememberMeKey = Integer.toString(r);\n"),
        ("long l = java.util.concurrent.ThreadLocalRandom.current().nextLong();\nString rememberMeKey = Long.toString(l);\n",
         "long l = java.security.SecureRandom.getInstanceStrong().nextLong();\nString rememberMeKey = Long.toString(l);\n"),
        ("java.util.Random numGen = new java.util.Random();\nbyte[] bytes = new byte[16];\nnumGen.nextBytes(bytes);\n"
         "String rememberMeKey = java.util.Base64.getEncoder().encodeToString(bytes);\n",
         "java.security.SecureRandom numGen = new java.security.SecureRandom();\nbyte[] bytes = new byte[16];\nnumGen.nextBytes(bytes);\n"
         "String rememberMeKey = java.util.Base64.getEncoder().encodeToString(bytes);\n"),
        ("float rand = new java.util.Random().nextFloat();\nString rememberMeKey = Float.toString(rand).substring(2);\n",
         "float rand = new java.security.SecureRandom().nextFloat();\nString rememberMeKey = Float.toString(rand).substring(2);\n"),
    ]
    sinks = [
        ('String cookieName = "rememberMe";\n'
         'javax.servlet.http.Cookie rememberMe = new javax.servlet.http.Cookie(cookieName, rememberMeKey);\n'
         'rememberMe.setSecure(true);\nrememberMe.setHttpOnly(true);\nrememberMe.setPath(request.getRequestURI());\n'
         'request.getSession().setAttribute(cookieName, rememberMeKey);\nresponse.addCookie(rememberMe);\n'),
        'request.getSession().setAttribute("userKey", rememberMeKey);\n',
        'response.sendRedirect("/account/confirm?id=" + rememberMeKey);\n',
        'String csrfToken = "t" + rememberMeKey;\nresponse.getWriter().println("<input type=hidden value=" + csrfToken + ">");\n',
    ]
    # The same weak generators used for jitter only (the safe twins of every second case).
    jitters = [
        "double wait = java.lang.Math.random() * 10;\n",
        "int wait = new java.util.Random().nextInt(10);\n",
        "long wait = java.util.concurrent.ThreadLocalRandom.current().nextLong(10);\n",
        "java.util.Random jitterGen = new java.util.Random();\nint wait = jitterGen.nextInt(10);\n",
        "float wait = new java.util.Random().nextFloat() * 10;\n",
    ]
    n = 0
    for (weak, strong), jitter in zip(weak_sources, jitters):
        for sink in sinks:
            n += 1
            name = f"WeakRandTest{n:03d}"
            if n % 2 == 0:
                # The safe twin keeps the weak generator but uses it for jitter; the value comes from SecureRandom.
                safe = indent(jitter + "try {\n    Thread.sleep((long) wait);\n} catch (InterruptedException e) {\n"
                              "    Thread.currentThread().interrupt();\n}\n" + strong + sink)
                add("java", 330, name, java_servlet(name, indent(weak + sink)), java_servlet(name, safe))
            else:
                add("java", 330, name, java_servlet(name, indent(weak + sink)), java_servlet(name, indent(strong + sink)))


def java_cookie():
    values = ['"whatever"', "param", 'java.util.UUID.randomUUID().toString()', 'request.getSession().getId()',
              '"remember-" + param.length()']
    n = 0
    for v in values:
        for secure_real in ["setSecure(false)", None]:
            for extra in ["", "cookie.setMaxAge(3600);\n"]:
                n += 1
                name = f"SecureCookieTest{n:03d}"
                def body(secure):
                    s = f'javax.servlet.http.Cookie cookie = new javax.servlet.http.Cookie("SomeCookie", {v});\n'
                    if secure:
                        s += f"cookie.{secure};\n"
                    s += "cookie.setHttpOnly(true);\n" + extra
                    s += "cookie.setPath(request.getRequestURI());\nresponse.addCookie(cookie);\n"
                    s += 'response.getWriter().println("Created cookie: \'SomeCookie\'");\n'
                    return indent(s)
                add("java", 614, name, java_servlet(name, body(secure_real)), java_servlet(name, body("setSecure(true)")))
    for k, v in enumerate(values[:4]):
        for httponly_real in ["setHttpOnly(false)", None]:
            n += 1
            name = f"HttpOnlyCookieTest{n:03d}"
            def body(h):
                s = f'javax.servlet.http.Cookie session = new javax.servlet.http.Cookie("JSESSIONID2", {v});\n'
                s += "session.setSecure(true);\n"
                if h:
                    s += f"session.{h};\n"
                s += "response.addCookie(session);\n"
                return indent(s)
            add("java", 1004, name, java_servlet(name, body(httponly_real)), java_servlet(name, body("setHttpOnly(true)")))


def java_xxe():
    parse_dbf = ("javax.xml.parsers.DocumentBuilder db = dbf.newDocumentBuilder();\n"
                 "org.w3c.dom.Document doc = db.parse(new org.xml.sax.InputSource(new java.io.StringReader(param)));\n"
                 'response.getWriter().println("Root: " + doc.getDocumentElement().getNodeName());\n')
    dbf_new = "javax.xml.parsers.DocumentBuilderFactory dbf = javax.xml.parsers.DocumentBuilderFactory.newInstance();\n"
    guards = [
        ('dbf.setFeature("http://apache.org/xml/features/disallow-doctype-decl", false);\n',
         'dbf.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);\n'),
        ("", 'dbf.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);\n'),
        ('dbf.setFeature("http://xml.org/sax/features/external-general-entities", true);\n',
         'dbf.setFeature("http://xml.org/sax/features/external-general-entities", false);\n'),
        ("dbf.setNamespaceAware(true);\n", "dbf.setNamespaceAware(true);\ndbf.setExpandEntityReferences(false);\n"),
        ("dbf.setXIncludeAware(false);\n", 'dbf.setAttribute(javax.xml.XMLConstants.ACCESS_EXTERNAL_DTD, "");\n'),
        ('dbf.setAttribute(javax.xml.XMLConstants.ACCESS_EXTERNAL_DTD, "all");\n',
         'dbf.setAttribute(javax.xml.XMLConstants.ACCESS_EXTERNAL_DTD, "");\n'),
        ("dbf.setValidating(false);\n",
         'String FEATURE = "http://apache.org/xml/features/disallow-doctype-decl";\ndbf.setFeature(FEATURE, true);\n'),
    ]
    n = 0
    for real_g, safe_g in guards:
        n += 1
        name = f"XxeTest{n:03d}"
        wrap = lambda g: indent("try {\n" + indent(dbf_new + g + parse_dbf, 4) + "} catch (Exception e) {\n    throw new ServletException(e);\n}\n")
        add("java", 611, name, java_servlet(name, wrap(real_g)), java_servlet(name, wrap(safe_g)))
    sax = ("javax.xml.parsers.SAXParserFactory spf = javax.xml.parsers.SAXParserFactory.newInstance();\n{g}"
           "javax.xml.parsers.SAXParser parser = spf.newSAXParser();\n"
           "parser.parse(new org.xml.sax.InputSource(new java.io.StringReader(param)), new org.xml.sax.helpers.DefaultHandler());\n")
    stax = ("javax.xml.stream.XMLInputFactory xif = javax.xml.stream.XMLInputFactory.newInstance();\n{g}"
            "javax.xml.stream.XMLStreamReader reader = xif.createXMLStreamReader(new java.io.StringReader(param));\n"
            "while (reader.hasNext()) reader.next();\n")
    trans = ("javax.xml.transform.TransformerFactory tf = javax.xml.transform.TransformerFactory.newInstance();\n{g}"
             "javax.xml.transform.Transformer t = tf.newTransformer();\n"
             "t.transform(new javax.xml.transform.stream.StreamSource(new java.io.StringReader(param)),\n"
             "            new javax.xml.transform.stream.StreamResult(response.getWriter()));\n")
    schema = ("javax.xml.validation.SchemaFactory sf = javax.xml.validation.SchemaFactory.newInstance(javax.xml.XMLConstants.W3C_XML_SCHEMA_NS_URI);\n{g}"
              "javax.xml.validation.Schema s = sf.newSchema(new javax.xml.transform.stream.StreamSource(new java.io.StringReader(param)));\n"
              'response.getWriter().println("Schema: " + s);\n')
    others = [
        (sax, "spf.setNamespaceAware(true);\n", 'spf.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);\n'),
        (sax, "", 'spf.setFeature("http://xml.org/sax/features/external-general-entities", false);\n'),
        (sax, 'spf.setFeature("http://xml.org/sax/features/external-general-entities", true);\n',
         'spf.setFeature("http://xml.org/sax/features/external-general-entities", false);\n'),
        (stax, "", "xif.setProperty(javax.xml.stream.XMLInputFactory.SUPPORT_DTD, false);\n"),
        (stax, "xif.setProperty(javax.xml.stream.XMLInputFactory.SUPPORT_DTD, true);\n",
         "xif.setProperty(javax.xml.stream.XMLInputFactory.SUPPORT_DTD, false);\n"),
        (stax, "xif.setProperty(javax.xml.stream.XMLInputFactory.IS_COALESCING, true);\n",
         "xif.setProperty(javax.xml.stream.XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);\n"),
        (trans, "", 'tf.setAttribute(javax.xml.XMLConstants.ACCESS_EXTERNAL_DTD, "");\n'),
        (trans, 'tf.setAttribute(javax.xml.XMLConstants.ACCESS_EXTERNAL_DTD, "file,http");\n',
         'tf.setAttribute(javax.xml.XMLConstants.ACCESS_EXTERNAL_DTD, "");\n'),
        (trans, "", "tf.setFeature(javax.xml.XMLConstants.FEATURE_SECURE_PROCESSING, true);\n"),
        (schema, "", 'sf.setProperty(javax.xml.XMLConstants.ACCESS_EXTERNAL_DTD, "");\n'),
        (schema, "sf.setFeature(javax.xml.XMLConstants.FEATURE_SECURE_PROCESSING, false);\n",
         "sf.setFeature(javax.xml.XMLConstants.FEATURE_SECURE_PROCESSING, true);\n"),
        (sax, "spf.setValidating(false);\n", 'spf.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);\n'),
        (stax, "", "xif.setProperty(\"javax.xml.stream.supportDTD\", false);\n"),
    ]
    for tmpl, real_g, safe_g in others:
        n += 1
        name = f"XxeTest{n:03d}"
        wrap = lambda g: indent("try {\n" + indent(tmpl.format(g=g), 4) + "} catch (Exception e) {\n    throw new ServletException(e);\n}\n")
        add("java", 611, name, java_servlet(name, wrap(real_g)), java_servlet(name, wrap(safe_g)))


def java_tls():
    n = 0
    verifiers = [
        ("return true;", 'return "api.example.com".equals(hostname);'),
        ("return true;", "return javax.net.ssl.HttpsURLConnection.getDefaultHostnameVerifier().verify(hostname, session);"),
        ("return true;", 'return hostname.endsWith(".example.com") && session.isValid();'),
        ("return true;", 'return java.util.Set.of("a.example.com", "b.example.com").contains(hostname);'),
    ]
    for real_v, safe_v in verifiers:
        for target in ["connection.setHostnameVerifier(verifier);\n", "javax.net.ssl.HttpsURLConnection.setDefaultHostnameVerifier(verifier);\n"]:
            n += 1
            name = f"TlsTest{n:03d}"
            body = lambda v: indent(
                "javax.net.ssl.HttpsURLConnection connection = (javax.net.ssl.HttpsURLConnection) new java.net.URL(\"https://api.example.com/\").openConnection();\n"
                "javax.net.ssl.HostnameVerifier verifier = new javax.net.ssl.HostnameVerifier() {\n"
                "    @Override\n"
                "    public boolean verify(String hostname, javax.net.ssl.SSLSession session) {\n"
                f"        {v}\n"
                "    }\n"
                "};\n" + target + "response.getWriter().println(connection.getResponseCode());\n")
            add("java", 295, name, java_servlet(name, body(real_v)), java_servlet(name, body(safe_v)))
    trust_bodies = [
        ("", "defaultManager().checkServerTrusted(chain, authType);"),
        ("", "if (chain == null || chain.length == 0) throw new java.security.cert.CertificateException(\"empty chain\");\n"
             "            defaultManager().checkServerTrusted(chain, authType);"),
    ]
    for real_b, safe_b in trust_bodies:
        for proto in ["TLS", "TLSv1.2", "TLSv1.3"]:
            n += 1
            name = f"TlsTest{n:03d}"
            body = lambda b: indent(
                "try {\n"
                "    javax.net.ssl.TrustManager[] managers = new javax.net.ssl.TrustManager[] { new javax.net.ssl.X509TrustManager() {\n"
                "        public java.security.cert.X509Certificate[] getAcceptedIssuers() { return new java.security.cert.X509Certificate[0]; }\n"
                "        public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType) { }\n"
                "        public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType)\n"
                "                throws java.security.cert.CertificateException {\n"
                f"            {b}\n"
                "        }\n"
                "    } };\n"
                f'    javax.net.ssl.SSLContext sc = javax.net.ssl.SSLContext.getInstance("{proto}");\n'
                "    sc.init(null, managers, new java.security.SecureRandom());\n"
                "    javax.net.ssl.HttpsURLConnection.setDefaultSSLSocketFactory(sc.getSocketFactory());\n"
                "} catch (java.security.GeneralSecurityException e) {\n    throw new ServletException(e);\n}\n")
            add("java", 295, name, java_servlet(name, body(real_b)), java_servlet(name, body(safe_b)))
    for real_e, safe_e in [("org.apache.http.conn.ssl.SSLSocketFactory.ALLOW_ALL_HOSTNAME_VERIFIER",
                            "org.apache.http.conn.ssl.SSLSocketFactory.STRICT_HOSTNAME_VERIFIER"),
                           ("new org.apache.http.conn.ssl.NoopHostnameVerifier()",
                            "new org.apache.http.conn.ssl.DefaultHostnameVerifier()"),
                           ("(hostname, session) -> true", "(hostname, session) -> hostname.equals(\"api.example.com\")")]:
        for k in range(2):
            n += 1
            name = f"TlsTest{n:03d}"
            body = lambda e: indent(
                "javax.net.ssl.HttpsURLConnection connection = (javax.net.ssl.HttpsURLConnection) new java.net.URL(\"https://api.example.com/"
                + ("v1" if k else "v2") + "\").openConnection();\n"
                f"connection.setHostnameVerifier({e});\n"
                "response.getWriter().println(connection.getResponseCode());\n")
            add("java", 295, name, java_servlet(name, body(real_e)), java_servlet(name, body(safe_e)))


# ---------------------------------------------------------------- Python (Flask shape)

def flask(body, imports=""):
    return f"""import hashlib
import os
{imports}
from flask import Flask, request, make_response

app = Flask(__name__)


@app.route("/handle", methods=["GET", "POST"])
def handle():
    param = request.args.get("q", "")
{body}
"""


def py_hash():
    n = 0
    for weak, strong in [("md5", "sha256"), ("sha1", "sha512"), ("md5", "sha3_256"), ("sha1", "blake2b"), ("md5", "sha384")]:
        for shape in ["attr", "new", "variable", "config"]:
            n += 1
            def body(alg):
                if shape == "attr":
                    return f'    digest = hashlib.{alg}(param.encode()).hexdigest()\n    return make_response(digest)'
                if shape == "new":
                    return f'    h = hashlib.new("{alg}")\n    h.update(param.encode())\n    return make_response(h.hexdigest())'
                if shape == "variable":
                    return f'    algorithm = "{alg}"\n    h = hashlib.new(algorithm, param.encode())\n    return make_response(h.hexdigest())'
                return (f'    algorithm = app.config.get("HASH_ALGORITHM", "{alg}")\n'
                        f'    h = hashlib.new(algorithm, param.encode())\n    return make_response(h.hexdigest())')
            add("python", 328, f"hash_{n:03d}", flask(body(weak)), flask(body(strong)))
    for weak, strong in [("hashes.MD5()", "hashes.SHA256()"), ("hashes.SHA1()", "hashes.SHA512()")]:
        n += 1
        body = lambda a: (f"    h = hashes.Hash({a})\n    h.update(param.encode())\n    return make_response(h.finalize().hex())")
        add("python", 328, f"hash_{n:03d}", flask(body(weak), "from cryptography.hazmat.primitives import hashes"),
            flask(body(strong), "from cryptography.hazmat.primitives import hashes"))
    n += 1
    add("python", 328, f"hash_{n:03d}",
        flask("    digest = hashlib.md5(param.encode()).hexdigest()\n    return make_response(digest)"),
        flask("    digest = hashlib.md5(param.encode(), usedforsecurity=False).hexdigest()\n    return make_response(digest)"))


def py_cipher():
    n = 0
    pyc = "from Crypto.Cipher import AES, DES, DES3, ARC4, Blowfish\nfrom Crypto.Random import get_random_bytes"
    pairs = [
        ("    key = get_random_bytes(8)\n    cipher = DES.new(key, DES.MODE_CBC)",
         "    key = get_random_bytes(16)\n    cipher = AES.new(key, AES.MODE_GCM)"),
        ("    key = get_random_bytes(16)\n    cipher = AES.new(key, AES.MODE_ECB)",
         "    key = get_random_bytes(16)\n    cipher = AES.new(key, AES.MODE_CBC)"),
        ("    key = get_random_bytes(16)\n    cipher = ARC4.new(key)",
         "    key = get_random_bytes(16)\n    cipher = AES.new(key, AES.MODE_CTR)"),
        ("    key = DES3.adjust_key_parity(get_random_bytes(24))\n    cipher = DES3.new(key, DES3.MODE_CBC)",
         "    key = get_random_bytes(32)\n    cipher = AES.new(key, AES.MODE_GCM)"),
        ("    key = get_random_bytes(16)\n    cipher = Blowfish.new(key, Blowfish.MODE_CBC)",
         "    key = get_random_bytes(16)\n    cipher = AES.new(key, AES.MODE_EAX)"),
    ]
    for tail in ["    data = cipher.encrypt(param.encode().ljust(32))\n    return make_response(data.hex())",
                 "    out = cipher.encrypt(param.encode().ljust(64, b' '))\n    return make_response(out.hex(), 200)"]:
        for real, safe in pairs:
            n += 1
            add("python", 327, f"cipher_{n:03d}", flask(real + "\n" + tail, pyc), flask(safe + "\n" + tail, pyc))
    hz = ("from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes\n"
          "from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305")
    hz_pairs = [
        ("    c = Cipher(algorithms.TripleDES(key[:24]), modes.CBC(iv[:8]))", "    c = Cipher(algorithms.AES(key), modes.CBC(iv))"),
        ("    c = Cipher(algorithms.AES(key), modes.ECB())", "    c = Cipher(algorithms.AES(key), modes.GCM(iv))"),
        ("    c = Cipher(algorithms.Blowfish(key[:16]), modes.CBC(iv[:8]))", "    c = Cipher(algorithms.AES(key), modes.CTR(iv))"),
        ("    c = Cipher(algorithms.ARC4(key), mode=None)", "    c = Cipher(algorithms.ChaCha20(key, iv), mode=None)"),
        ("    c = Cipher(algorithms.CAST5(key[:16]), modes.CBC(iv[:8]))", "    c = Cipher(algorithms.AES(key), modes.OFB(iv))"),
    ]
    for real, safe in hz_pairs:
        for suffix in ["", "    extra = len(param)\n"]:
            n += 1
            pre = "    key = os.urandom(32)\n    iv = os.urandom(16)\n"
            tail = "\n    enc = c.encryptor()\n" + suffix + "    return make_response((enc.update(param.encode()) + enc.finalize()).hex())"
            add("python", 327, f"cipher_{n:03d}", flask(pre + real + tail, hz), flask(pre + safe + tail, hz))


def py_random():
    n = 0
    sources = [
        ("    value = random.randint(100000, 999999)\n", "    value = secrets.randbelow(900000) + 100000\n"),
        ("    value = ''.join(random.choice(string.ascii_letters) for _ in range(24))\n",
         "    value = ''.join(secrets.choice(string.ascii_letters) for _ in range(24))\n"),
        ("    value = '%032x' % random.getrandbits(128)\n", "    value = '%032x' % secrets.randbits(128)\n"),
        ("    value = str(random.random())[2:]\n", "    value = str(random.SystemRandom().random())[2:]\n"),
        ("    rng = random.Random()\n    value = str(rng.randrange(10 ** 12))\n", "    rng = random.SystemRandom()\n    value = str(rng.randrange(10 ** 12))\n"),
    ]
    sinks = [
        '    resp = make_response("ok")\n    resp.set_cookie("remember_me", value, secure=True, httponly=True)\n    return resp',
        '    session["csrf"] = value\n    return make_response("ok")',
        '    return redirect(f"/reset?code={value}")',
        '    reset_link = "https://example.com/confirm?user=" + param + "&id=" + value\n    return make_response(reset_link)',
    ]
    imports = "import random\nimport secrets\nimport string\nfrom flask import redirect, session"
    for weak, strong in sources:
        for sink in sinks:
            n += 1
            if n % 2 == 0:
                jitter = weak.replace("value", "pause")
                safe = jitter + "    time.sleep(len(str(pause)) / 1000)\n" + strong + sink
                add("python", 330, f"random_{n:03d}", flask(weak + sink, imports), flask(safe, imports + "\nimport time"))
            else:
                add("python", 330, f"random_{n:03d}", flask(weak + sink, imports), flask(strong + sink, imports))


def py_cookie():
    n = 0
    values = ["param", "os.urandom(8).hex()", '"dark"', "str(len(param))", "request.cookies.get('sid', '')"]
    for v in values:
        for real_flags, safe_flags in [("httponly=True", "secure=True, httponly=True"),
                                       ("secure=False, httponly=True", "secure=True, httponly=True"),
                                       ("max_age=3600, httponly=True", "max_age=3600, secure=True, httponly=True"),
                                       ("httponly=True, samesite='Lax'", "secure=True, httponly=True, samesite='Lax'")]:
            n += 1
            body = lambda f: f'    resp = make_response("ok")\n    resp.set_cookie("pref", {v}, {f})\n    return resp'
            add("python", 614, f"cookie_{n:03d}", flask(body(real_flags)), flask(body(safe_flags)))
    for v in values[:4]:
        for real_flags in ["secure=True", "secure=True, httponly=False"]:
            n += 1
            body = lambda f: f'    resp = make_response("ok")\n    resp.set_cookie("sid", {v}, {f})\n    return resp'
            add("python", 1004, f"cookie_{n:03d}", flask(body(real_flags)), flask(body("secure=True, httponly=True")))


def py_xxe():
    n = 0
    imports = "from lxml import etree"
    for fn in ["fromstring", "XML"]:
        for extra in ["", "load_dtd=True, ", "no_network=True, ", "huge_tree=False, ", "remove_blank_text=True, "]:
            n += 1
            body = lambda v: (f"    parser = etree.XMLParser({extra}resolve_entities={v})\n"
                              f"    root = etree.{fn}(param.encode(), parser)\n    return make_response(root.tag)")
            add("python", 611, f"xxe_{n:03d}", flask(body("True"), imports), flask(body("False"), imports))
    for extra in ["", "    parser.setFeature(handler.feature_namespaces, True)\n", "    parser.setContentHandler(handler.ContentHandler())\n"]:
        for form in ["handler.feature_external_ges", "xml.sax.handler.feature_external_ges"]:
            n += 1
            body = lambda v: ("    parser = xml.sax.make_parser()\n" + extra +
                              f"    parser.setFeature({form}, {v})\n"
                              "    parser.parse(io.StringIO(param))\n    return make_response('parsed')")
            imp = "import io\nimport xml.sax\nfrom xml.sax import handler"
            add("python", 611, f"xxe_{n:03d}", flask(body("True"), imp), flask(body("False"), imp))
    py_pulldom(n)


def py_pulldom(n):
    imp = "import xml.sax\nfrom xml.dom import pulldom\nfrom xml.sax.handler import feature_external_ges"
    for fn, arg in [("parseString", "param"), ("parseString", "param.strip()"), ("parse", "io.StringIO(param)"),
                    ("parse", "io.BytesIO(param.encode())")]:
        n += 1
        body = lambda v: ("    parser = xml.sax.make_parser()\n"
                          f"    parser.setFeature(feature_external_ges, {v})\n"
                          f"    events = pulldom.{fn}({arg}, parser=parser)\n"
                          "    return make_response(str(sum(1 for _ in events)))")
        add("python", 611, f"xxe_{n:03d}", flask(body("True"), "import io\n" + imp), flask(body("False"), "import io\n" + imp))


def py_tls():
    n = 0
    imports = "import requests\nimport ssl\nimport urllib.request"
    for url in ["https://api.example.com/items", "https://internal.example.com/status"]:
        for real, safe in [
            (f'    r = requests.get("{url}", params={{"q": param}}, verify=False)\n    return make_response(r.text)',
             f'    r = requests.get("{url}", params={{"q": param}}, verify=True)\n    return make_response(r.text)'),
            (f'    r = requests.post("{url}", data=param, verify=False, timeout=5)\n    return make_response(r.text)',
             f'    r = requests.post("{url}", data=param, verify="/etc/ssl/certs/ca.pem", timeout=5)\n    return make_response(r.text)'),
            ("    ctx = ssl.create_default_context()\n    ctx.check_hostname = False\n    ctx.verify_mode = ssl.CERT_NONE\n"
             f'    body = urllib.request.urlopen("{url}", context=ctx).read()\n    return make_response(body)',
             "    ctx = ssl.create_default_context()\n    ctx.check_hostname = True\n    ctx.verify_mode = ssl.CERT_REQUIRED\n"
             f'    body = urllib.request.urlopen("{url}", context=ctx).read()\n    return make_response(body)'),
            ("    ctx = ssl._create_unverified_context()\n"
             f'    body = urllib.request.urlopen("{url}", context=ctx).read()\n    return make_response(body)',
             "    ctx = ssl.create_default_context()\n"
             f'    body = urllib.request.urlopen("{url}", context=ctx).read()\n    return make_response(body)'),
            ("    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)\n    ctx.check_hostname = False\n    ctx.verify_mode = ssl.CERT_NONE\n"
             f'    return make_response(urllib.request.urlopen("{url}", context=ctx).read())',
             "    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)\n    if ctx.verify_mode != ssl.CERT_NONE:\n        ctx.load_default_certs()\n"
             f'    return make_response(urllib.request.urlopen("{url}", context=ctx).read())'),
            ("    ctx = ssl.create_default_context()\n    ctx.check_hostname = False\n"
             f'    return make_response(urllib.request.urlopen("{url}", context=ctx).read())',
             "    ctx = ssl.create_default_context()\n    assert ctx.verify_mode == ssl.CERT_REQUIRED\n"
             f'    return make_response(urllib.request.urlopen("{url}", context=ctx).read())'),
            (f'    s = requests.Session()\n    s.verify = False\n    return make_response(s.get("{url}").text)',
             f'    s = requests.Session()\n    s.verify = True\n    return make_response(s.get("{url}").text)'),
            (f'    import httpx\n    with httpx.Client(verify=False) as c:\n        return make_response(c.get("{url}").text)',
             f'    import httpx\n    with httpx.Client(verify=True) as c:\n        return make_response(c.get("{url}").text)'),
            ("    ctx = ssl.create_default_context()\n    ctx.verify_mode = ssl.CERT_NONE\n"
             f'    return make_response(urllib.request.urlopen("{url}", context=ctx).read())',
             "    ctx = ssl.create_default_context()\n    if ctx.verify_mode == ssl.CERT_NONE:\n        raise RuntimeError('verification off')\n"
             f'    return make_response(urllib.request.urlopen("{url}", context=ctx).read())'),
            ("    ctx = ssl.create_default_context()\n    ctx.check_hostname = False\n    ctx.verify_mode = ssl.CERT_NONE\n"
             f'    with urllib.request.urlopen("{url}?q=" + param, context=ctx) as f:\n        return make_response(f.read())',
             "    ctx = ssl.create_default_context()\n    ok = ctx.verify_mode not in (ssl.CERT_NONE, ssl.CERT_OPTIONAL)\n"
             f'    with urllib.request.urlopen("{url}?q=" + param, context=ctx) as f:\n        return make_response(f.read() if ok else b"")'),
        ]:
            n += 1
            add("python", 295, f"tls_{n:03d}", flask(real, imports), flask(safe, imports))


# ---------------------------------------------------------------- other languages: a few each

def others():
    # JavaScript / TypeScript (Express)
    ex = lambda body: f"""const express = require('express');
const crypto = require('crypto');
const app = express();

app.get('/handle', (req, res) => {{
  const param = String(req.query.q || '');
{body}
}});

module.exports = app;
"""
    for i, (w, s) in enumerate([("md5", "sha256"), ("sha1", "sha512"), ("md5", "sha3-256")]):
        b = lambda a: f"  const digest = crypto.createHash('{a}').update(param).digest('hex');\n  res.send(digest);"
        add("javascript", 328, f"hash_{i + 1:03d}", ex(b(w)), ex(b(s)))
    for i, (w, s) in enumerate([("des-ede3-cbc", "aes-256-gcm"), ("aes-128-ecb", "aes-128-cbc"), ("bf-cbc", "chacha20-poly1305")]):
        b = lambda a: (f"  const key = crypto.randomBytes(32);\n  const iv = crypto.randomBytes(16);\n"
                       f"  const c = crypto.createCipheriv('{a}', key, iv);\n  res.send(c.update(param, 'utf8', 'hex') + c.final('hex'));")
        add("javascript", 327, f"cipher_{i + 1:03d}", ex(b(w)), ex(b(s)))
    for i, (w, s, sink) in enumerate([
        ("Math.random().toString(36).slice(2)", "crypto.randomBytes(16).toString('hex')",
         "  res.cookie('session', token, { secure: true, httpOnly: true });\n  res.send('ok');"),
        ("Math.floor(Math.random() * 1e9).toString()", "crypto.randomInt(1e9).toString()",
         "  res.redirect('/verify?otp=' + token);"),
        ("String(Math.random())", "crypto.randomUUID()", "  req.session.csrf = token;\n  res.send('ok');")]):
        add("javascript", 330, f"random_{i + 1:03d}", ex(f"  const token = {w};\n{sink}"), ex(f"  const token = {s};\n{sink}"))
    add("javascript", 330, "random_004",
        ex("  const delay = Math.random() * 100;\n  const token = Math.random().toString(36);\n  res.cookie('sid', token, { secure: true, httpOnly: true });\n  setTimeout(() => res.send('ok'), delay);"),
        ex("  const delay = Math.random() * 100;\n  const token = crypto.randomBytes(16).toString('hex');\n  res.cookie('sid', token, { secure: true, httpOnly: true });\n  setTimeout(() => res.send('ok'), delay);"))
    for i, (w, s) in enumerate([("{ httpOnly: true }", "{ secure: true, httpOnly: true }"),
                                ("{ secure: false, httpOnly: true }", "{ secure: true, httpOnly: true }"),
                                ("{ maxAge: 900000, httpOnly: true }", "{ maxAge: 900000, httpOnly: true, secure: true }")]):
        b = lambda o: f"  res.cookie('pref', param, {o});\n  res.send('ok');"
        add("javascript", 614, f"cookie_{i + 1:03d}", ex(b(w)), ex(b(s)))
    add("javascript", 1004, "cookie_004", ex("  res.cookie('sid', param, { secure: true });\n  res.send('ok');"),
        ex("  res.cookie('sid', param, { secure: true, httpOnly: true });\n  res.send('ok');"))
    for i, (w, s) in enumerate([("rejectUnauthorized: false", "rejectUnauthorized: true"),
                                ("rejectUnauthorized: false, keepAlive: true", "ca: process.env.CA_BUNDLE, keepAlive: true")]):
        b = lambda o: f"  const https = require('https');\n  const agent = new https.Agent({{ {o} }});\n  https.get('https://api.example.com/?q=' + encodeURIComponent(param), {{ agent }}, (r) => r.pipe(res));"
        add("javascript", 295, f"tls_{i + 1:03d}", ex(b(w)), ex(b(s)))
    add("javascript", 611, "xxe_001",
        ex("  const libxmljs = require('libxmljs');\n  const doc = libxmljs.parseXml(param, { noent: true });\n  res.send(doc.root().name());"),
        ex("  const libxmljs = require('libxmljs');\n  const doc = libxmljs.parseXml(param, { noent: false });\n  res.send(doc.root().name());"))
    ts = lambda body: f"""import crypto from 'crypto';
import {{ Request, Response }} from 'express';

export function handle(req: Request, res: Response): void {{
  const param: string = String(req.query.q ?? '');
{body}
}}
"""
    add("typescript", 328, "hash_001", ts("  res.send(crypto.createHash('md5').update(param).digest('hex'));"),
        ts("  res.send(crypto.createHash('sha256').update(param).digest('hex'));"))
    add("typescript", 327, "cipher_001",
        ts("  const c = crypto.createCipheriv('des-cbc', crypto.randomBytes(8), crypto.randomBytes(8));\n  res.send(c.update(param, 'utf8', 'hex'));"),
        ts("  const c = crypto.createCipheriv('aes-256-cbc', crypto.randomBytes(32), crypto.randomBytes(16));\n  res.send(c.update(param, 'utf8', 'hex'));"))
    add("typescript", 330, "random_001",
        ts("  const sessionValue: string = Math.random().toString(36);\n  res.cookie('sid', sessionValue, { secure: true, httpOnly: true });\n  res.send('ok');"),
        ts("  const sessionValue: string = crypto.randomBytes(18).toString('base64url');\n  res.cookie('sid', sessionValue, { secure: true, httpOnly: true });\n  res.send('ok');"))
    add("typescript", 614, "cookie_001", ts("  res.cookie('theme', param);\n  res.send('ok');"),
        ts("  res.cookie('theme', param, { secure: true, httpOnly: true });\n  res.send('ok');"))

    # C# (ASP.NET)
    cs = lambda body: f"""using System;
using System.Security.Cryptography;
using System.Text;
using System.Web;

public class Handler : IHttpHandler
{{
    public bool IsReusable => false;

    public void ProcessRequest(HttpContext context)
    {{
        string param = context.Request.QueryString["q"] ?? "";
{body}
    }}
}}
"""
    ind = lambda s: indent(s, 8)
    for i, (w, s) in enumerate([("MD5.Create()", "SHA256.Create()"), ("SHA1.Create()", "SHA512.Create()"),
                                ("new MD5CryptoServiceProvider()", "SHA384.Create()")]):
        b = lambda a: ind(f"using (var h = {a})\n{{\n    var digest = h.ComputeHash(Encoding.UTF8.GetBytes(param));\n"
                          "    context.Response.Write(Convert.ToBase64String(digest));\n}\n")
        add("csharp", 328, f"hash_{i + 1:03d}", cs(b(w)), cs(b(s)))
    for i, (w, s) in enumerate([("new DESCryptoServiceProvider()", "Aes.Create()"), ("TripleDES.Create()", "Aes.Create()"),
                                ("RC2.Create()", "Aes.Create()")]):
        b = lambda a: ind(f"using (var alg = {a})\n{{\n    var enc = alg.CreateEncryptor();\n    var data = Encoding.UTF8.GetBytes(param);\n"
                          "    context.Response.Write(Convert.ToBase64String(enc.TransformFinalBlock(data, 0, data.Length)));\n}\n")
        add("csharp", 327, f"cipher_{i + 1:03d}", cs(b(w)), cs(b(s)))
    add("csharp", 330, "random_001",
        cs(ind("var rng = new Random();\nstring token = rng.Next().ToString();\ncontext.Session[\"auth\"] = token;\n")),
        cs(ind("string token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));\ncontext.Session[\"auth\"] = token;\n")))
    add("csharp", 330, "random_002",
        cs(ind("var rng = new Random();\nvar cookie = new HttpCookie(\"sid\", rng.Next().ToString()) { Secure = true, HttpOnly = true };\ncontext.Response.Cookies.Add(cookie);\n")),
        cs(ind("var rng = new Random();\nSystem.Threading.Thread.Sleep(rng.Next(50));\nvar cookie = new HttpCookie(\"sid\", Guid.NewGuid().ToString()) { Secure = true, HttpOnly = true };\ncontext.Response.Cookies.Add(cookie);\n")))
    for i, (w, s) in enumerate([("var cookie = new HttpCookie(\"pref\", param);\ncookie.HttpOnly = true;\n",
                                 "var cookie = new HttpCookie(\"pref\", param);\ncookie.HttpOnly = true;\ncookie.Secure = true;\n"),
                                ("var cookie = new HttpCookie(\"pref\", param) { Secure = false, HttpOnly = true };\n",
                                 "var cookie = new HttpCookie(\"pref\", param) { Secure = true, HttpOnly = true };\n")]):
        add("csharp", 614, f"cookie_{i + 1:03d}", cs(ind(w + "context.Response.Cookies.Add(cookie);\n")),
            cs(ind(s + "context.Response.Cookies.Add(cookie);\n")))
    for i, (w, s) in enumerate([("settings.DtdProcessing = DtdProcessing.Parse;\n", "settings.DtdProcessing = DtdProcessing.Prohibit;\n"),
                                ("settings.XmlResolver = new XmlUrlResolver();\n", "settings.XmlResolver = null;\n")]):
        b = lambda g: ind("var settings = new System.Xml.XmlReaderSettings();\n" + g +
                          "using (var reader = System.Xml.XmlReader.Create(new System.IO.StringReader(param), settings))\n{\n    while (reader.Read()) { }\n}\n")
        add("csharp", 611, f"xxe_{i + 1:03d}", cs(b(w)), cs(b(s)))
    add("csharp", 295, "tls_001",
        cs(ind("System.Net.ServicePointManager.ServerCertificateValidationCallback = (sender, cert, chain, errors) => true;\n")),
        cs(ind("System.Net.ServicePointManager.ServerCertificateValidationCallback = (sender, cert, chain, errors) => errors == System.Net.Security.SslPolicyErrors.None;\n")))

    # Go (net/http)
    go = lambda imports, body: f"""package handlers

import (
{imports}
\t"net/http"
)

func Handle(w http.ResponseWriter, r *http.Request) {{
\tparam := r.URL.Query().Get("q")
{body}
}}
"""
    add("go", 328, "hash_001", go('\t"crypto/md5"\n\t"fmt"', '\tfmt.Fprintf(w, "%x", md5.Sum([]byte(param)))'),
        go('\t"crypto/sha256"\n\t"fmt"', '\tfmt.Fprintf(w, "%x", sha256.Sum256([]byte(param)))'))
    add("go", 328, "hash_002", go('\t"crypto/sha1"\n\t"fmt"', '\th := sha1.New()\n\th.Write([]byte(param))\n\tfmt.Fprintf(w, "%x", h.Sum(nil))'),
        go('\t"crypto/sha512"\n\t"fmt"', '\th := sha512.New()\n\th.Write([]byte(param))\n\tfmt.Fprintf(w, "%x", h.Sum(nil))'))
    add("go", 327, "cipher_001", go('\t"crypto/des"\n\t"fmt"', '\tblock, _ := des.NewCipher([]byte("8bytekey"))\n\tfmt.Fprintln(w, block.BlockSize(), param)'),
        go('\t"crypto/aes"\n\t"fmt"', '\tblock, _ := aes.NewCipher([]byte("0123456789abcdef"))\n\tfmt.Fprintln(w, block.BlockSize(), param)'))
    add("go", 327, "cipher_002", go('\t"crypto/rc4"\n\t"fmt"', '\tc, _ := rc4.NewCipher([]byte(param))\n\tfmt.Fprintln(w, c != nil)'),
        go('\t"golang.org/x/crypto/chacha20poly1305"\n\t"fmt"', '\tc, _ := chacha20poly1305.New([]byte(param))\n\tfmt.Fprintln(w, c != nil)'))
    add("go", 330, "random_001",
        go('\t"fmt"\n\t"math/rand"', '\ttoken := fmt.Sprintf("%d", rand.Int63())\n\thttp.SetCookie(w, &http.Cookie{Name: "session", Value: token, Secure: true, HttpOnly: true})\n\tfmt.Fprintln(w, param)'),
        go('\t"crypto/rand"\n\t"fmt"', '\tb := make([]byte, 16)\n\trand.Read(b)\n\ttoken := fmt.Sprintf("%x", b)\n\thttp.SetCookie(w, &http.Cookie{Name: "session", Value: token, Secure: true, HttpOnly: true})\n\tfmt.Fprintln(w, param)'))
    add("go", 330, "random_002",
        go('\t"fmt"\n\t"math/rand"', '\tv := rand.Intn(1000000)\n\thttp.Redirect(w, r, fmt.Sprintf("/verify?otp=%d", v), http.StatusFound)'),
        go('\t"fmt"\n\t"math/rand"\n\t"time"', '\tv := rand.Intn(1000)\n\ttime.Sleep(time.Duration(v) * time.Millisecond)\n\thttp.Redirect(w, r, fmt.Sprintf("/done?q=%s", param), http.StatusFound)'))
    for i, (wf, sf) in enumerate([("HttpOnly: true", "Secure: true, HttpOnly: true"), ("Secure: false, HttpOnly: true", "Secure: true, HttpOnly: true")]):
        b = lambda f: f'\thttp.SetCookie(w, &http.Cookie{{Name: "pref", Value: param, {f}}})'
        add("go", 614, f"cookie_{i + 1:03d}", go('\t"fmt"', b(wf) + "\n\tfmt.Fprintln(w, param)"), go('\t"fmt"', b(sf) + "\n\tfmt.Fprintln(w, param)"))
    add("go", 295, "tls_001",
        go('\t"crypto/tls"\n\t"fmt"', '\tclient := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}}\n\tresp, _ := client.Get("https://api.example.com/?q=" + param)\n\tfmt.Fprintln(w, resp.Status)'),
        go('\t"crypto/tls"\n\t"fmt"', '\tclient := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: false}}}\n\tresp, _ := client.Get("https://api.example.com/?q=" + param)\n\tfmt.Fprintln(w, resp.Status)'))

    # PHP
    php = lambda body: f"<?php\n// handler\n$param = isset($_GET['q']) ? $_GET['q'] : '';\n{body}\n"
    add("php", 328, "hash_001", php("echo htmlspecialchars(md5($param));"), php("echo htmlspecialchars(hash('sha256', $param));"))
    add("php", 328, "hash_002", php("$h = sha1($param);\necho htmlspecialchars($h);"), php("$h = hash('sha512', $param);\necho htmlspecialchars($h);"))
    add("php", 328, "hash_003", php("$h = hash('md5', $param);\necho htmlspecialchars($h);"), php("$h = hash('sha3-256', $param);\necho htmlspecialchars($h);"))
    add("php", 327, "cipher_001", php("$c = openssl_encrypt($param, 'des-ede3-cbc', $key, 0, $iv);\necho htmlspecialchars($c);"),
        php("$c = openssl_encrypt($param, 'aes-256-gcm', $key, 0, $iv, $tag);\necho htmlspecialchars($c);"))
    add("php", 327, "cipher_002", php("$c = openssl_encrypt($param, 'aes-128-ecb', $key);\necho htmlspecialchars($c);"),
        php("$c = openssl_encrypt($param, 'aes-128-cbc', $key, 0, $iv);\necho htmlspecialchars($c);"))
    add("php", 330, "random_001", php("$token = mt_rand();\nsetcookie('remember', $token, time() + 3600, '/', '', true, true);"),
        php("$token = bin2hex(random_bytes(16));\nsetcookie('remember', $token, time() + 3600, '/', '', true, true);"))
    add("php", 330, "random_002", php("$_SESSION['csrf'] = rand();\necho 'ok';"), php("$_SESSION['csrf'] = random_int(0, PHP_INT_MAX);\necho 'ok';"))
    add("php", 614, "cookie_001", php("setcookie('pref', $param, time() + 3600, '/', '', false, true);"),
        php("setcookie('pref', $param, time() + 3600, '/', '', true, true);"))
    add("php", 614, "cookie_002", php("setcookie('pref', $param, ['expires' => time() + 3600, 'httponly' => true]);"),
        php("setcookie('pref', $param, ['expires' => time() + 3600, 'secure' => true, 'httponly' => true]);"))
    add("php", 1004, "cookie_003", php("setcookie('sid', $param, time() + 3600, '/', '', true, false);"),
        php("setcookie('sid', $param, time() + 3600, '/', '', true, true);"))
    add("php", 611, "xxe_001", php("$doc = new DOMDocument();\n$doc->loadXML($param, LIBXML_NOENT | LIBXML_DTDLOAD);\necho htmlspecialchars($doc->documentElement->nodeName);"),
        php("$doc = new DOMDocument();\n$doc->loadXML($param, LIBXML_NONET);\necho htmlspecialchars($doc->documentElement->nodeName);"))
    add("php", 611, "xxe_002", php("libxml_disable_entity_loader(false);\n$xml = simplexml_load_string($param);\necho htmlspecialchars($xml->getName());"),
        php("libxml_disable_entity_loader(true);\n$xml = simplexml_load_string($param);\necho htmlspecialchars($xml->getName());"))
    add("php", 295, "tls_001", php("$ch = curl_init('https://api.example.com/?q=' . urlencode($param));\ncurl_setopt($ch, CURLOPT_SSL_VERIFYPEER, false);\necho htmlspecialchars(curl_exec($ch));"),
        php("$ch = curl_init('https://api.example.com/?q=' . urlencode($param));\ncurl_setopt($ch, CURLOPT_SSL_VERIFYPEER, true);\necho htmlspecialchars(curl_exec($ch));"))

    # Ruby (Rails)
    rb = lambda body: f"""class ItemsController < ApplicationController
  def show
    param = params[:q].to_s
{indent(body, 4)}  end
end
"""
    add("ruby", 328, "hash_001", rb("digest = Digest::MD5.hexdigest(param)\nrender plain: digest\n"),
        rb("digest = Digest::SHA256.hexdigest(param)\nrender plain: digest\n"))
    add("ruby", 330, "random_001", rb("token = rand(10**12).to_s\ncookies[:remember] = { value: token, secure: true, httponly: true }\nhead :ok\n"),
        rb("token = SecureRandom.hex(16)\ncookies[:remember] = { value: token, secure: true, httponly: true }\nhead :ok\n"))
    add("ruby", 614, "cookie_001", rb("cookies[:pref] = { value: param, httponly: true }\nhead :ok\n"),
        rb("cookies[:pref] = { value: param, secure: true, httponly: true }\nhead :ok\n"))
    add("ruby", 611, "xxe_001", rb("doc = Nokogiri::XML(param) { |config| config.noent }\nrender plain: doc.root.name\n"),
        rb("doc = Nokogiri::XML(param) { |config| config.nonet }\nrender plain: doc.root.name\n"))
    add("ruby", 295, "tls_001", rb("http = Net::HTTP.new('api.example.com', 443)\nhttp.use_ssl = true\nhttp.verify_mode = OpenSSL::SSL::VERIFY_NONE\nrender plain: http.get('/?q=' + param).body\n"),
        rb("http = Net::HTTP.new('api.example.com', 443)\nhttp.use_ssl = true\nhttp.verify_mode = OpenSSL::SSL::VERIFY_PEER\nrender plain: http.get('/?q=' + param).body\n"))

    # C (OpenSSL, libxml2)
    c = lambda includes, body: f"""#include <stdio.h>
#include <string.h>
{includes}

int handle(const char *param, unsigned char *out) {{
{body}
}}
"""
    add("c", 328, "hash_001", c("#include <openssl/evp.h>", "    unsigned int n = 0;\n    EVP_MD_CTX *ctx = EVP_MD_CTX_new();\n    EVP_DigestInit_ex(ctx, EVP_md5(), NULL);\n    EVP_DigestUpdate(ctx, param, strlen(param));\n    EVP_DigestFinal_ex(ctx, out, &n);\n    EVP_MD_CTX_free(ctx);\n    return (int)n;"),
        c("#include <openssl/evp.h>", "    unsigned int n = 0;\n    EVP_MD_CTX *ctx = EVP_MD_CTX_new();\n    EVP_DigestInit_ex(ctx, EVP_sha256(), NULL);\n    EVP_DigestUpdate(ctx, param, strlen(param));\n    EVP_DigestFinal_ex(ctx, out, &n);\n    EVP_MD_CTX_free(ctx);\n    return (int)n;"))
    add("c", 327, "cipher_001", c("#include <openssl/evp.h>", "    static const unsigned char key[32] = {0};\n    int n = 0;\n    EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();\n    EVP_EncryptInit_ex(ctx, EVP_aes_256_ecb(), NULL, key, NULL);\n    EVP_EncryptUpdate(ctx, out, &n, (const unsigned char *)param, (int)strlen(param));\n    EVP_CIPHER_CTX_free(ctx);\n    return n;"),
        c("#include <openssl/evp.h>", "    static const unsigned char key[32] = {0};\n    static const unsigned char iv[12] = {0};\n    int n = 0;\n    EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();\n    EVP_EncryptInit_ex(ctx, EVP_aes_256_gcm(), NULL, key, iv);\n    EVP_EncryptUpdate(ctx, out, &n, (const unsigned char *)param, (int)strlen(param));\n    EVP_CIPHER_CTX_free(ctx);\n    return n;"))
    add("c", 327, "cipher_002", c("#include <openssl/evp.h>", "    static const unsigned char key[24] = {0};\n    int n = 0;\n    EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();\n    EVP_EncryptInit_ex(ctx, EVP_des_ede3_cbc(), NULL, key, key);\n    EVP_EncryptUpdate(ctx, out, &n, (const unsigned char *)param, (int)strlen(param));\n    EVP_CIPHER_CTX_free(ctx);\n    return n;"),
        c("#include <openssl/evp.h>", "    static const unsigned char key[32] = {0};\n    int n = 0;\n    EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();\n    EVP_EncryptInit_ex(ctx, EVP_chacha20_poly1305(), NULL, key, key);\n    EVP_EncryptUpdate(ctx, out, &n, (const unsigned char *)param, (int)strlen(param));\n    EVP_CIPHER_CTX_free(ctx);\n    return n;"))
    add("c", 330, "random_001", c("#include <stdlib.h>", "    unsigned int session_token = (unsigned int)rand();\n    return snprintf((char *)out, 64, \"%s:%u\", param, session_token);"),
        c("#include <stdlib.h>\n#include <sys/random.h>", "    unsigned int session_token = 0;\n    getrandom(&session_token, sizeof session_token, 0);\n    return snprintf((char *)out, 64, \"%s:%u\", param, session_token);"))
    add("c", 611, "xxe_001", c("#include <libxml/parser.h>", "    xmlDocPtr doc = xmlReadMemory(param, (int)strlen(param), \"in.xml\", NULL, XML_PARSE_NOENT | XML_PARSE_DTDLOAD);\n    int ok = doc != NULL;\n    xmlFreeDoc(doc);\n    out[0] = (unsigned char)ok;\n    return ok;"),
        c("#include <libxml/parser.h>", "    xmlDocPtr doc = xmlReadMemory(param, (int)strlen(param), \"in.xml\", NULL, XML_PARSE_NONET);\n    int ok = doc != NULL;\n    xmlFreeDoc(doc);\n    out[0] = (unsigned char)ok;\n    return ok;"))
    add("c", 295, "tls_001", c("#include <curl/curl.h>", "    CURL *curl = curl_easy_init();\n    curl_easy_setopt(curl, CURLOPT_URL, param);\n    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 0L);\n    CURLcode rc = curl_easy_perform(curl);\n    curl_easy_cleanup(curl);\n    out[0] = (unsigned char)rc;\n    return (int)rc;"),
        c("#include <curl/curl.h>", "    CURL *curl = curl_easy_init();\n    curl_easy_setopt(curl, CURLOPT_URL, param);\n    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);\n    CURLcode rc = curl_easy_perform(curl);\n    curl_easy_cleanup(curl);\n    out[0] = (unsigned char)rc;\n    return (int)rc;"))


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=os.path.join(os.path.dirname(here), "tests/analysis/security_suite"))
    args = ap.parse_args()
    java_hash(); java_cipher(); java_random(); java_cookie(); java_xxe(); java_tls()
    py_hash(); py_cipher(); py_random(); py_cookie(); py_xxe(); py_tls()
    others()
    for lang in EXT:
        for family in FAMILY_DIRS.values():
            shutil.rmtree(os.path.join(args.out, lang, family), ignore_errors=True)
    counts = {}
    for lang, cwe, name, real, text in cases:
        folder = os.path.join(args.out, lang, FAMILY_DIRS[cwe])
        os.makedirs(folder, exist_ok=True)
        suffix = "real" if real else "safe"
        if lang == "java":
            # One class per file: the safe twin's class carries the suffix too.
            cls = name + ("" if real else "Safe")
            text = text.replace(name, cls)
            path = os.path.join(folder, f"{cls}.java")
        else:
            path = os.path.join(folder, f"{name}_{suffix}.{EXT[lang]}")
        with open(path, "w", encoding="utf-8") as f:
            f.write(label(lang, cwe, real) if lang != "php" else "<?php // cc-suite: cwe=%d %s\n" % (cwe, suffix))
            f.write(text if lang != "php" else text.replace("<?php\n", "", 1))
        counts[(lang, cwe)] = counts.get((lang, cwe), 0) + 1
    for (lang, cwe), n in sorted(counts.items()):
        print(f"{lang:11} cwe-{cwe:<5} {n // 2} pairs")


if __name__ == "__main__":
    main()
