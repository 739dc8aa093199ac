#!/usr/bin/env python3
"""Generates the data-flow cases of tests/analysis/security_suite (OWASP Benchmark style).

Every case is a pair: a real flaw and its safe twin, identical except for the data flow that
decides whether request data reaches the sink (a constant overwrite, a branch that folds to a
constant, a map read under another key, a list index, a sanitizer, a numeric conversion, a helper
that returns a constant, a builder fed a constant, a base64 round trip of a constant, an
allow-list guard). Sinks are varied per family. Deterministic: rerunning rewrites the same files.

    scripts/gen-security-suite.py [--out tests/analysis/security_suite]
"""
import argparse
import os
import shutil

# family folder, CWE
FAMILIES = {
    "sql-injection": 89, "command-injection": 78, "code-injection": 94, "unsafe-deserialization": 502,
    "path-traversal": 22, "xss": 79, "ldap-injection": 90, "xpath-injection": 643, "trust-boundary": 501,
    "open-redirect": 601, "ssrf": 918, "header-injection": 113,
}

# ---------------------------------------------------------------- Java

JAVA_SOURCES = [
    'String param = request.getParameter("input");\n        if (param == null) param = "";',
    'String param = "";\n        if (request.getHeader("X-Input") != null) {\n            param = request.getHeader("X-Input");\n        }\n        param = java.net.URLDecoder.decode(param, "UTF-8");',
    'String param = "noCookieValueSupplied";\n        javax.servlet.http.Cookie[] theCookies = request.getCookies();\n        if (theCookies != null) {\n            for (javax.servlet.http.Cookie theCookie : theCookies) {\n                if (theCookie.getName().equals("input")) {\n                    param = java.net.URLDecoder.decode(theCookie.getValue(), "UTF-8");\n                    break;\n                }\n            }\n        }',
    'String param = "";\n        String[] values = request.getParameterValues("input");\n        if (values != null && values.length > 0) param = values[0];',
    'String param = "";\n        java.util.Map<String, String[]> paramMap = request.getParameterMap();\n        if (!paramMap.isEmpty()) {\n            String[] values = paramMap.get("input");\n            if (values != null) param = values[0];\n        }',
]

# Each Java trick: (description, real code, safe code, helper methods for real, for safe).
# The code assigns `bar` from `param`; SANITIZER is replaced per family.
JAVA_TRICKS = [
    ("constant overwrite",
     'bar = param;',
     'bar = param;\n        bar = "constant_value";', "", ""),
    ("ternary folded to a constant",
     'int num = 106;\n        bar = (7 * 42) - num > 200 ? "This_should_always_happen" : param;',
     'int num = 106;\n        bar = (7 * 42) - num > 200 ? "This_should_always_happen" : "constant";'.replace('"constant"', 'param').replace('(7 * 42) - num > 200', '(7 * 42) - num < 200'),
     "", ""),
    ("if/else on a folded condition",
     'int num = 196;\n        if ((500 / 42) + num > 200) bar = param;\n        else bar = "This should never happen";',
     'int num = 86;\n        if ((500 / 42) + num > 200) bar = param;\n        else bar = "This should never happen";', "", ""),
    ("switch on a character of a literal string",
     'String guess = "ABC";\n        char switchTarget = guess.charAt(2);\n        switch (switchTarget) {\n            case \'A\':\n                bar = param;\n                break;\n            case \'B\':\n                bar = "bobs_your_uncle";\n                break;\n            case \'C\':\n            case \'D\':\n                bar = param;\n                break;\n            default:\n                bar = "bobs_your_uncle";\n                break;\n        }',
     'String guess = "ABC";\n        char switchTarget = guess.charAt(1);\n        switch (switchTarget) {\n            case \'A\':\n                bar = param;\n                break;\n            case \'B\':\n                bar = "bobs_your_uncle";\n                break;\n            case \'C\':\n            case \'D\':\n                bar = param;\n                break;\n            default:\n                bar = "bobs_your_uncle";\n                break;\n        }', "", ""),
    ("map put/get under a constant key",
     'java.util.HashMap<String, Object> map = new java.util.HashMap<String, Object>();\n        map.put("keyA", "a_Value");\n        map.put("keyB", param);\n        map.put("keyC", "another_Value");\n        bar = (String) map.get("keyB");',
     'java.util.HashMap<String, Object> map = new java.util.HashMap<String, Object>();\n        map.put("keyA", "a_Value");\n        map.put("keyB", param);\n        map.put("keyC", "another_Value");\n        bar = (String) map.get("keyA");', "", ""),
    ("list add/remove/get by index",
     'java.util.List<String> valuesList = new java.util.ArrayList<String>();\n        valuesList.add("safe");\n        valuesList.add(param);\n        valuesList.add("moresafe");\n        valuesList.remove(0);\n        bar = valuesList.get(0);',
     'java.util.List<String> valuesList = new java.util.ArrayList<String>();\n        valuesList.add("safe");\n        valuesList.add(param);\n        valuesList.add("moresafe");\n        valuesList.remove(0);\n        bar = valuesList.get(1);', "", ""),
    ("family sanitizer",
     'bar = param.trim();',
     'bar = SANITIZER;', "", ""),
    ("numeric conversion",
     'String digits = param;\n        bar = "id-" + digits;',
     'int digits = Integer.parseInt(param);\n        bar = "id-" + digits;', "", ""),
    ("same-file helper returning its parameter or a constant",
     'bar = new Helper().doSomething(request, param);',
     'bar = new Helper().doSomething(request, param);',
     '\n    private class Helper {\n        public String doSomething(HttpServletRequest request, String param) {\n            String bar = param;\n            return bar;\n        }\n    }\n',
     '\n    private class Helper {\n        public String doSomething(HttpServletRequest request, String param) {\n            String bar = "safe!";\n            return bar;\n        }\n    }\n'),
    ("StringBuilder chain",
     'StringBuilder sb = new StringBuilder();\n        sb.append("prefix_");\n        sb.append(param).append("_suffix");\n        bar = sb.toString();',
     'StringBuilder sb = new StringBuilder();\n        sb.append("prefix_");\n        sb.append("literal").append("_suffix");\n        bar = sb.toString();', "", ""),
    ("base64 round trip",
     'String a = param;\n        bar = new String(java.util.Base64.getDecoder().decode(java.util.Base64.getEncoder().encode(a.getBytes())));',
     'String a = param;\n        a = "constant";\n        bar = new String(java.util.Base64.getDecoder().decode(java.util.Base64.getEncoder().encode(a.getBytes())));', "", ""),
    ("array element by constant index",
     'String[] parts = {"safe", param, "other"};\n        bar = parts[1];',
     'String[] parts = {"safe", param, "other"};\n        bar = parts[2];', "", ""),
    ("allow-list guard that returns",
     'if (param.isEmpty()) {\n            return;\n        }\n        bar = param;',
     'if (!java.util.Arrays.asList("alpha", "beta", "gamma").contains(param)) {\n            response.sendError(400);\n            return;\n        }\n        bar = param;', "", ""),
    ("literal equals literal in a condition",
     'if ("same".equals("same")) bar = param;\n        else bar = "unused";',
     'if ("same".equals("other")) bar = param;\n        else bar = "unused";', "", ""),
]

JAVA_SANITIZERS = {
    89: 'org.owasp.esapi.ESAPI.encoder().encodeForSQL(new org.owasp.esapi.codecs.OracleCodec(), param)',
    78: 'org.owasp.esapi.ESAPI.encoder().encodeForOS(new org.owasp.esapi.codecs.UnixCodec(), param)',
    94: 'String.valueOf(Long.parseLong(param))',
    502: 'String.valueOf(Integer.parseInt(param))',
    22: 'org.apache.commons.io.FilenameUtils.getName(param)',
    79: 'org.owasp.esapi.ESAPI.encoder().encodeForHTML(param)',
    90: 'org.owasp.esapi.ESAPI.encoder().encodeForLDAP(param)',
    643: 'org.owasp.esapi.ESAPI.encoder().encodeForXPath(param)',
    501: 'String.valueOf(Integer.parseInt(param))',
    601: 'java.net.URLEncoder.encode(param, "UTF-8")',
    918: 'java.net.URLEncoder.encode(param, "UTF-8")',
    113: 'java.net.URLEncoder.encode(param, "UTF-8")',
}

JAVA_SINKS = {
    89: [
        'String sql = "SELECT * from USERS where USERNAME=\'foo\' and PASSWORD=\'" + bar + "\'";\n            java.sql.Statement statement = org.owasp.benchmark.helpers.DatabaseHelper.getSqlStatement();\n            statement.execute(sql, java.sql.Statement.RETURN_GENERATED_KEYS);',
        'String sql = "SELECT * from USERS where USERNAME=? and PASSWORD=\'" + bar + "\'";\n            java.sql.Connection connection = org.owasp.benchmark.helpers.DatabaseHelper.getSqlConnection();\n            java.sql.PreparedStatement statement = connection.prepareStatement(sql);\n            statement.setString(1, "foo");\n            statement.execute();',
        'String sql = "SELECT TOP 1 USERNAME from USERS where USERNAME=\'foo\' and PASSWORD=\'" + bar + "\'";\n            java.util.List<java.util.Map<String, Object>> list = org.owasp.benchmark.helpers.DatabaseHelper.JDBCtemplate.queryForList(sql);\n            response.getWriter().println("rows: " + list.size());',
    ],
    78: [
        'String cmd = "echo ";\n            Runtime r = Runtime.getRuntime();\n            Process p = r.exec(cmd + bar);\n            p.waitFor();',
        'java.util.List<String> argList = new java.util.ArrayList<String>();\n            argList.add("sh");\n            argList.add("-c");\n            argList.add("echo " + bar);\n            ProcessBuilder pb = new ProcessBuilder();\n            pb.command(argList);\n            pb.start();',
        'String[] args = {"sh", "-c", "ls " + bar};\n            Process p = Runtime.getRuntime().exec(args);\n            p.waitFor();',
    ],
    94: [
        'javax.script.ScriptEngineManager manager = new javax.script.ScriptEngineManager();\n            javax.script.ScriptEngine engine = manager.getEngineByName("javascript");\n            Object result = engine.eval("var greeting = \'" + bar + "\';");\n            response.getWriter().println("done");',
        'javax.script.ScriptEngine engine = new javax.script.ScriptEngineManager().getEngineByName("nashorn");\n            engine.eval(bar);',
    ],
    502: [
        'byte[] data = java.util.Base64.getDecoder().decode(bar);\n            java.io.ObjectInputStream ois = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(data));\n            Object o = ois.readObject();\n            ois.close();',
        'java.beans.XMLDecoder decoder = new java.beans.XMLDecoder(new java.io.ByteArrayInputStream(bar.getBytes()));\n            Object o = decoder.readObject();',
    ],
    22: [
        'String fileName = org.owasp.benchmark.helpers.Utils.TESTFILES_DIR + bar;\n            java.io.FileInputStream fis = new java.io.FileInputStream(fileName);\n            fis.close();',
        'java.io.File fileTarget = new java.io.File(org.owasp.benchmark.helpers.Utils.TESTFILES_DIR, bar);\n            response.getWriter().println("exists: " + fileTarget.exists());',
        'java.nio.file.Path path = java.nio.file.Paths.get("/var/app/files/" + bar);\n            java.io.InputStream is = java.nio.file.Files.newInputStream(path);\n            is.close();',
    ],
    79: [
        'response.setHeader("X-XSS-Protection", "0");\n            response.getWriter().println("<p>Hello " + bar + "</p>");',
        'java.io.PrintWriter out = response.getWriter();\n            out.write("<div>" + bar + "</div>");',
        'Object[] obj = {"a", "b"};\n            response.getWriter().format(java.util.Locale.US, bar, obj);',
    ],
    90: [
        'org.owasp.benchmark.helpers.LDAPManager ads = new org.owasp.benchmark.helpers.LDAPManager();\n            javax.naming.directory.DirContext ctx = ads.getDirContext();\n            String base = "ou=users,ou=system";\n            javax.naming.directory.SearchControls sc = new javax.naming.directory.SearchControls();\n            String filter = "(&(objectclass=person)(uid=" + bar + "))";\n            javax.naming.NamingEnumeration<javax.naming.directory.SearchResult> results = ctx.search(base, filter, sc);',
        'javax.naming.directory.InitialDirContext idc = new javax.naming.directory.InitialDirContext();\n            String filter = "(&(objectclass=person)(|(uid=" + bar + ")(street=unknown)))";\n            idc.search("ou=users,ou=system", filter, new Object[] {}, new javax.naming.directory.SearchControls());',
    ],
    643: [
        'javax.xml.xpath.XPathFactory xpf = javax.xml.xpath.XPathFactory.newInstance();\n            javax.xml.xpath.XPath xp = xpf.newXPath();\n            String expression = "/Employees/Employee[@emplid=\'" + bar + "\']";\n            String result = xp.evaluate(expression, new org.xml.sax.InputSource("employees.xml"));',
        'javax.xml.xpath.XPath xp = javax.xml.xpath.XPathFactory.newInstance().newXPath();\n            javax.xml.xpath.XPathExpression compiled = xp.compile("//user[name=\'" + bar + "\']");',
    ],
    501: [
        'request.getSession().setAttribute("userid", bar);',
        'javax.servlet.http.HttpSession session = request.getSession();\n            session.putValue(bar, "10340");',
    ],
    601: [
        'response.sendRedirect(bar);',
        'response.sendRedirect(bar + "/welcome");',
    ],
    918: [
        'java.net.URL url = new java.net.URL(bar);\n            java.net.URLConnection conn = url.openConnection();\n            conn.connect();',
        'java.io.InputStream in = new java.net.URL("https://" + bar + "/status").openStream();\n            in.close();',
    ],
    113: [
        'response.setHeader("X-Custom-Value", bar);',
        'response.addHeader("X-Trace", "id=" + bar);',
    ],
}

JAVA_TEMPLATE = """// cc-suite: cwe={cwe} {label}
// Generated by scripts/gen-security-suite.py ({trick}); the {other} twin differs only in data flow.
package org.codecrucible.suite;

import java.io.IOException;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

public class {name} extends HttpServlet {{
    @Override
    public void doPost(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {{
        response.setContentType("text/html;charset=UTF-8");
        {source}
        String bar;
        {trick_code}
        try {{
            {sink}
        }} catch (Exception e) {{
            throw new ServletException(e);
        }}
    }}
{helpers}}}
"""


def gen_java(out):
    count = 0
    for family, cwe in FAMILIES.items():
        sinks = JAVA_SINKS[cwe]
        folder = os.path.join(out, "java", family)
        os.makedirs(folder, exist_ok=True)
        n = 0
        for variant in range(2):
            for t, (desc, real, safe, real_helpers, safe_helpers) in enumerate(JAVA_TRICKS):
                n += 1
                sink = sinks[(t + variant) % len(sinks)]
                source = JAVA_SOURCES[(t + variant * 3) % len(JAVA_SOURCES)]
                for label, code, helpers in (("real", real, real_helpers), ("safe", safe, safe_helpers)):
                    code = code.replace("SANITIZER", JAVA_SANITIZERS[cwe])
                    name = "Case%s%02d%s" % (family.title().replace("-", ""), n, label.title())
                    text = JAVA_TEMPLATE.format(cwe=cwe, label=label, trick=desc,
                                                other="safe" if label == "real" else "real", name=name,
                                                source=source, trick_code=code, sink=sink, helpers=helpers)
                    with open(os.path.join(folder, name + ".java"), "w") as f:
                        f.write(text)
                    count += 1
    return count

# ---------------------------------------------------------------- Python

PY_SOURCES = [
    'param = request.args.get("input", "")',
    'param = request.form["input"]',
    'param = request.cookies.get("input", "none")',
    'param = request.headers.get("X-Input", "")',
    'param = request.values.get("input") or ""',
]

PY_TRICKS = [
    ("constant overwrite", 'bar = param', 'bar = param\n    bar = "constant_value"', "", ""),
    ("conditional expression folded to a constant",
     'num = 106\n    bar = "This_should_always_happen" if (7 * 42) - num > 200 else param',
     'num = 106\n    bar = "This_should_always_happen" if (7 * 42) - num < 200 else param', "", ""),
    ("if/else on a folded condition",
     'num = 196\n    if (500 // 42) + num > 200:\n        bar = param\n    else:\n        bar = "This should never happen"',
     'num = 86\n    if (500 // 42) + num > 200:\n        bar = param\n    else:\n        bar = "This should never happen"', "", ""),
    ("dispatch on a character of a literal string",
     'guess = "ABC"\n    switch_target = guess[2]\n    if switch_target == "A":\n        bar = param\n    elif switch_target == "B":\n        bar = "bobs_your_uncle"\n    elif switch_target == "C":\n        bar = param\n    else:\n        bar = "bobs_your_uncle"',
     'guess = "ABC"\n    switch_target = guess[1]\n    if switch_target == "A":\n        bar = param\n    elif switch_target == "B":\n        bar = "bobs_your_uncle"\n    elif switch_target == "C":\n        bar = param\n    else:\n        bar = "bobs_your_uncle"', "", ""),
    ("dict set/get under a constant key",
     'values = {}\n    values["keyA"] = "a_Value"\n    values["keyB"] = param\n    values["keyC"] = "another_Value"\n    bar = values["keyB"]',
     'values = {}\n    values["keyA"] = "a_Value"\n    values["keyB"] = param\n    values["keyC"] = "another_Value"\n    bar = values.get("keyA")', "", ""),
    ("list append/pop/index",
     'items = ["safe"]\n    items.append(param)\n    items.append("moresafe")\n    items.pop(0)\n    bar = items[0]',
     'items = ["safe"]\n    items.append(param)\n    items.append("moresafe")\n    items.pop(0)\n    bar = items[1]', "", ""),
    ("family sanitizer", 'bar = param.strip()', 'bar = SANITIZER', "", ""),
    ("numeric conversion", 'digits = param\n    bar = "id-%s" % digits', 'digits = int(param)\n    bar = "id-%s" % digits', "", ""),
    ("same-file helper returning its parameter or a constant",
     'bar = do_something(param)', 'bar = do_something(param)',
     'def do_something(value):\n    result = value\n    return result\n\n\n',
     'def do_something(value):\n    result = "safe!"\n    return result\n\n\n'),
    ("join and format chain",
     'parts = ["prefix", param]\n    bar = "_".join(parts)',
     'parts = ["prefix", "literal"]\n    bar = "_".join(parts)', "", ""),
    ("base64 round trip",
     'a = param\n    bar = base64.b64decode(base64.b64encode(a.encode("utf-8"))).decode("utf-8")',
     'a = param\n    a = "constant"\n    bar = base64.b64decode(base64.b64encode(a.encode("utf-8"))).decode("utf-8")', "", ""),
    ("tuple element by constant index",
     'pair = ("safe", param, "other")\n    bar = pair[1]',
     'pair = ("safe", param, "other")\n    bar = pair[2]', "", ""),
    ("allow-list guard that returns",
     'if not param:\n        return "missing", 400\n    bar = param',
     'if param not in ("alpha", "beta", "gamma"):\n        return "rejected", 400\n    bar = param', "", ""),
    ("f-string built from a constant or the input",
     'name = param\n    bar = f"user-{name}"',
     'name = param\n    name = "guest"\n    bar = f"user-{name}"', "", ""),
]

PY_SANITIZERS = {
    89: 'str(int(param))', 78: 'shlex.quote(param)', 94: 'str(float(param))', 502: 'str(int(param))',
    22: 'os.path.basename(param)', 79: 'html.escape(param)', 90: 'escape_filter_chars(param)',
    643: 'str(int(param))', 501: 'str(int(param))', 601: 'quote(param)', 918: 'str(int(param))',
    113: 'quote(param)',
}

PY_SINKS = {
    89: [
        'conn = sqlite3.connect("app.db")\n    cur = conn.cursor()\n    cur.execute("SELECT * FROM users WHERE name = \'" + bar + "\'")',
        'conn = sqlite3.connect("app.db")\n    sql = f"SELECT * FROM users WHERE name = \'{bar}\'"\n    conn.execute(sql)',
        'conn = sqlite3.connect("app.db")\n    sql = "DELETE FROM sessions WHERE token = \'%s\'" % bar\n    conn.executescript(sql)',
    ],
    78: [
        'os.system("echo " + bar)',
        'subprocess.run("ls -l " + bar, shell=True, check=False)',
        'subprocess.call(["sh", "-c", "echo " + bar])',
    ],
    94: ['result = eval("1 + " + bar)', 'exec("x = \'" + bar + "\'")'],
    502: ['obj = pickle.loads(base64.b64decode(bar))', 'obj = yaml.load(bar, Loader=yaml.Loader)'],
    22: [
        'with open(os.path.join("/srv/files", bar)) as f:\n        data = f.read()',
        'path = "/srv/files/" + bar\n    fh = open(path, "rb")\n    fh.close()',
        'return send_file("/srv/files/" + bar)',
    ],
    79: ['return "<p>Hello " + bar + "</p>"', 'return make_response("<b>" + bar + "</b>")',
         'html_body = "<div>{}</div>".format(bar)\n    return html_body'],
    90: ['conn = ldap.initialize("ldap://localhost")\n    conn.search_s("dc=example,dc=com", ldap.SCOPE_SUBTREE, "(uid=" + bar + ")")'],
    643: ['tree = etree.parse("employees.xml")\n    found = tree.xpath("//user[@name=\'" + bar + "\']")'],
    501: ['session["user"] = bar', 'session.setdefault("user", bar)'],
    601: ['return redirect(bar)', 'return redirect("/" + bar)'],
    918: ['requests.get(bar, timeout=5)', 'urllib.request.urlopen("http://" + bar + "/status")'],
    113: ['resp = make_response("ok")\n    resp.headers["X-Trace"] = bar\n    return resp',
          'resp = make_response("ok")\n    resp.headers.add("X-Info", "v=" + bar)\n    return resp'],
}

PY_TEMPLATE = """# cc-suite: cwe={cwe} {label}
# Generated by scripts/gen-security-suite.py ({trick}); the {other} twin differs only in data flow.
import base64
import html
import os
import pickle
import shlex
import sqlite3
import subprocess
import urllib.request
from urllib.parse import quote

import ldap
import requests
import yaml
from flask import Flask, make_response, redirect, request, send_file, session
from ldap.filter import escape_filter_chars
from lxml import etree

app = Flask(__name__)


{helpers}@app.route("/case", methods=["GET", "POST"])
def case():
    {source}
    {trick_code}
    {sink}
    return "ok"
"""


def gen_python(out):
    count = 0
    for family, cwe in FAMILIES.items():
        sinks = PY_SINKS[cwe]
        folder = os.path.join(out, "python", family)
        os.makedirs(folder, exist_ok=True)
        n = 0
        for variant in range(2):
            for t, (desc, real, safe, real_helpers, safe_helpers) in enumerate(PY_TRICKS):
                n += 1
                sink = sinks[(t + variant) % len(sinks)]
                source = PY_SOURCES[(t + variant * 2) % len(PY_SOURCES)]
                for label, code, helpers in (("real", real, real_helpers), ("safe", safe, safe_helpers)):
                    code = code.replace("SANITIZER", PY_SANITIZERS[cwe])
                    name = "case_%s_%02d_%s.py" % (family.replace("-", "_"), n, label)
                    text = PY_TEMPLATE.format(cwe=cwe, label=label, trick=desc,
                                              other="safe" if label == "real" else "real",
                                              source=source, trick_code=code, sink=sink, helpers=helpers)
                    with open(os.path.join(folder, name), "w") as f:
                        f.write(text)
                    count += 1
    return count

# ---------------------------------------------------------------- JavaScript (Express)

JS_SOURCES = [
    'let param = req.query.input || "";',
    'let param = req.body.input;',
    'let param = req.get("X-Input") || "";',
    'let param = req.cookies.input || "none";',
    'let param = req.params.input;',
]

JS_TRICKS = [
    ("constant overwrite", 'let bar = param;', 'let bar = param;\n  bar = "constant_value";', "", ""),
    ("conditional expression folded to a constant",
     'const num = 106;\n  const bar = (7 * 42) - num > 200 ? "This_should_always_happen" : param;',
     'const num = 106;\n  const bar = (7 * 42) - num < 200 ? "This_should_always_happen" : param;', "", ""),
    ("if/else on a folded condition",
     'const num = 196;\n  let bar;\n  if ((500 / 42) + num > 200) bar = param;\n  else bar = "This should never happen";',
     'const num = 86;\n  let bar;\n  if ((500 / 42) + num > 200) bar = param;\n  else bar = "This should never happen";', "", ""),
    ("switch on a character of a literal string",
     'const guess = "ABC";\n  let bar;\n  switch (guess.charAt(2)) {\n    case "A": bar = param; break;\n    case "B": bar = "bob"; break;\n    case "C": bar = param; break;\n    default: bar = "bob";\n  }',
     'const guess = "ABC";\n  let bar;\n  switch (guess.charAt(1)) {\n    case "A": bar = param; break;\n    case "B": bar = "bob"; break;\n    case "C": bar = param; break;\n    default: bar = "bob";\n  }', "", ""),
    ("object keys",
     'const values = {};\n  values["keyA"] = "a_Value";\n  values["keyB"] = param;\n  const bar = values["keyB"];',
     'const values = {};\n  values["keyA"] = "a_Value";\n  values["keyB"] = param;\n  const bar = values["keyA"];', "", ""),
    ("array push/shift/index",
     'const items = ["safe"];\n  items.push(param);\n  items.push("moresafe");\n  items.shift();\n  const bar = items[0];',
     'const items = ["safe"];\n  items.push(param);\n  items.push("moresafe");\n  items.shift();\n  const bar = items[1];', "", ""),
    ("family sanitizer", 'const bar = param.trim();', 'const bar = SANITIZER;', "", ""),
    ("numeric conversion", 'const n = param;\n  const bar = "id-" + n;', 'const n = parseInt(param, 10);\n  const bar = "id-" + n;', "", ""),
    ("same-file helper returning its parameter or a constant", 'const bar = doSomething(param);', 'const bar = doSomething(param);',
     'function doSomething(value) {\n  const result = value;\n  return result;\n}\n\n',
     'function doSomething(value) {\n  const result = "safe!";\n  return result;\n}\n\n'),
    ("template literal built from a constant or the input",
     'let name = param;\n  const bar = `user-${name}`;',
     'let name = param;\n  name = "guest";\n  const bar = `user-${name}`;', "", ""),
]

JS_SANITIZERS = {
    89: 'mysql.escape(param)', 78: 'shellescape([param])', 94: 'String(Number(param))', 502: 'String(parseInt(param, 10))',
    22: 'path.basename(param)', 79: 'escapeHtml(param)', 501: 'String(parseInt(param, 10))', 601: 'encodeURIComponent(param)',
    918: 'String(parseInt(param, 10))', 113: 'encodeURIComponent(param)', 643: 'String(parseInt(param, 10))',
}

JS_SINKS = {
    89: ['db.query("SELECT * FROM users WHERE name = \'" + bar + "\'", (err, rows) => res.json(rows));',
         'const sql = `DELETE FROM sessions WHERE token = \'${bar}\'`;\n  pool.query(sql);'],
    78: ['child_process.exec("ls -l " + bar, (err, out) => res.send("done"));',
         'spawn("sh", ["-c", "echo " + bar]);'],
    94: ['const result = eval("1 + " + bar);', 'const fn = new Function("return \'" + bar + "\'");'],
    502: ['const obj = serialize.unserialize(bar);'],
    22: ['fs.readFile("/srv/files/" + bar, (err, data) => res.send("ok"));', 'res.sendFile(path.join("/srv/files", bar));'],
    79: ['res.send("<p>Hello " + bar + "</p>");', 'res.write(`<div>${bar}</div>`);\n  res.end();'],
    501: ['req.session.user = bar;'],
    601: ['res.redirect(bar);', 'res.redirect(302, bar + "/welcome");'],
    918: ['axios.get(bar).then((r) => res.send("ok"));', 'fetch("https://" + bar + "/status");'],
    113: ['res.setHeader("X-Trace", bar);', 'res.set("X-Info", "v=" + bar);'],
    643: ['const nodes = xpath.select("//user[@name=\'" + bar + "\']", doc);'],
}

JS_TEMPLATE = """// cc-suite: cwe={cwe} {label}
// Generated by scripts/gen-security-suite.py ({trick}); the {other} twin differs only in data flow.
const express = require("express");
const child_process = require("child_process");
const {{ spawn }} = require("child_process");
const fs = require("fs");
const path = require("path");
const axios = require("axios");
const mysql = require("mysql");
const serialize = require("node-serialize");
const escapeHtml = require("escape-html");
const shellescape = require("shell-escape");
const xpath = require("xpath");

const app = express();
const db = mysql.createConnection({{ host: "localhost" }});
const pool = db;
const doc = null;

{helpers}app.post("/case", (req, res) => {{
  {source}
  {trick_code}
  {sink}
  res.end("ok");
}});
"""

JS_FAMILIES = [f for f in FAMILIES if f != "ldap-injection"]


def gen_javascript(out):
    count = 0
    for family in JS_FAMILIES:
        cwe = FAMILIES[family]
        sinks = JS_SINKS[cwe]
        folder = os.path.join(out, "javascript", family)
        os.makedirs(folder, exist_ok=True)
        n = 0
        for variant in range(2):
            for t, (desc, real, safe, real_helpers, safe_helpers) in enumerate(JS_TRICKS):
                n += 1
                sink = sinks[(t + variant) % len(sinks)]
                source = JS_SOURCES[(t + variant * 2) % len(JS_SOURCES)]
                for label, code, helpers in (("real", real, real_helpers), ("safe", safe, safe_helpers)):
                    code = code.replace("SANITIZER", JS_SANITIZERS[cwe])
                    name = "case_%s_%02d_%s.js" % (family.replace("-", "_"), n, label)
                    text = JS_TEMPLATE.format(cwe=cwe, label=label, trick=desc,
                                              other="safe" if label == "real" else "real",
                                              source=source, trick_code=code, sink=sink, helpers=helpers)
                    with open(os.path.join(folder, name), "w") as f:
                        f.write(text)
                    count += 1
    return count


# ---------------------------------------------------------------- Go (net/http)

GO_SOURCES = [
    'param := r.URL.Query().Get("input")',
    'param := r.FormValue("input")',
    'param := r.Header.Get("X-Input")',
    'param := r.PostFormValue("input")',
]

GO_TRICKS = [
    ("constant overwrite", 'bar := param', 'bar := param\n\tbar = "constant_value"', "", ""),
    ("if/else on a folded condition",
     'num := 196\n\tbar := ""\n\tif (500/42)+num > 200 {\n\t\tbar = param\n\t} else {\n\t\tbar = "This should never happen"\n\t}',
     'num := 86\n\tbar := ""\n\tif (500/42)+num > 200 {\n\t\tbar = param\n\t} else {\n\t\tbar = "This should never happen"\n\t}', "", ""),
    ("switch on a byte of a literal string",
     'guess := "ABC"\n\tbar := ""\n\tswitch guess[2] {\n\tcase \'A\':\n\t\tbar = param\n\tcase \'B\':\n\t\tbar = "bob"\n\tcase \'C\':\n\t\tbar = param\n\tdefault:\n\t\tbar = "bob"\n\t}',
     'guess := "ABC"\n\tbar := ""\n\tswitch guess[1] {\n\tcase \'A\':\n\t\tbar = param\n\tcase \'B\':\n\t\tbar = "bob"\n\tcase \'C\':\n\t\tbar = param\n\tdefault:\n\t\tbar = "bob"\n\t}', "", ""),
    ("map set/get under a constant key",
     'values := map[string]string{}\n\tvalues["keyA"] = "a_Value"\n\tvalues["keyB"] = param\n\tbar := values["keyB"]',
     'values := map[string]string{}\n\tvalues["keyA"] = "a_Value"\n\tvalues["keyB"] = param\n\tbar := values["keyA"]', "", ""),
    ("slice element by constant index",
     'parts := []string{"safe", param, "other"}\n\tbar := parts[1]',
     'parts := []string{"safe", param, "other"}\n\tbar := parts[2]', "", ""),
    ("family sanitizer", 'bar := strings.TrimSpace(param)', 'bar := SANITIZER', "", ""),
    ("numeric conversion", 'bar := fmt.Sprintf("id-%s", param)',
     'n, _ := strconv.Atoi(param)\n\tbar := fmt.Sprintf("id-%d", n)', "", ""),
    ("same-file helper returning its parameter or a constant", 'bar := doSomething(param)', 'bar := doSomething(param)',
     'func doSomething(value string) string {\n\tresult := value\n\treturn result\n}\n\n',
     'func doSomething(value string) string {\n\tresult := "safe!"\n\treturn result\n}\n\n'),
    ("Sprintf of a constant or the input",
     'name := param\n\tbar := fmt.Sprintf("user-%s", name)',
     'name := param\n\tname = "guest"\n\tbar := fmt.Sprintf("user-%s", name)', "", ""),
]

GO_SANITIZERS = {
    89: 'fmt.Sprint(len(param))', 78: 'fmt.Sprint(len(param))', 22: 'filepath.Base(param)',
    79: 'html.EscapeString(param)', 601: 'url.QueryEscape(param)', 918: 'fmt.Sprint(len(param))',
    113: 'url.QueryEscape(param)', 501: 'fmt.Sprint(len(param))',
}

GO_SINKS = {
    89: ['rows, err := db.Query("SELECT * FROM users WHERE name = \'" + bar + "\'")\n\t_, _ = rows, err',
         'db.Exec(fmt.Sprintf("DELETE FROM sessions WHERE token = \'%s\'", bar))'],
    78: ['out, _ := exec.Command("sh", "-c", "echo "+bar).Output()\n\t_ = out',
         'exec.Command("bash", "-c", "ls "+bar).Run()'],
    22: ['f, _ := os.Open("/srv/files/" + bar)\n\tf.Close()',
         'data, _ := os.ReadFile(filepath.Join("/srv/files", bar))\n\t_ = data'],
    79: ['fmt.Fprintf(w, "<p>Hello %s</p>", bar)', 'w.Write([]byte("<div>" + bar + "</div>"))'],
    601: ['http.Redirect(w, r, bar, http.StatusFound)', 'http.Redirect(w, r, bar+"/welcome", 302)'],
    918: ['resp, _ := http.Get(bar)\n\t_ = resp', 'http.Get("https://" + bar + "/status")'],
    113: ['w.Header().Set("X-Trace", bar)', 'w.Header().Add("X-Info", "v="+bar)'],
    501: ['session, _ := store.Get(r, "sess")\n\tsession.Values["user"] = bar'],
}

GO_TEMPLATE = """// cc-suite: cwe={cwe} {label}
// Generated by scripts/gen-security-suite.py ({trick}); the {other} twin differs only in data flow.
package main

import (
\t"database/sql"
\t"fmt"
\t"html"
\t"net/http"
\t"net/url"
\t"os"
\t"os/exec"
\t"path/filepath"
\t"strconv"
\t"strings"
)

var db *sql.DB

{helpers}func handleCase(w http.ResponseWriter, r *http.Request) {{
\t{source}
\t{trick_code}
\t{sink}
\tfmt.Fprint(w, "ok")
}}
"""


def gen_go(out):
    count = 0
    for family, cwe in FAMILIES.items():
        if cwe not in GO_SINKS:
            continue
        sinks = GO_SINKS[cwe]
        folder = os.path.join(out, "go", family)
        os.makedirs(folder, exist_ok=True)
        n = 0
        for variant in range(3):
            for t, (desc, real, safe, real_helpers, safe_helpers) in enumerate(GO_TRICKS):
                n += 1
                sink = sinks[(t + variant) % len(sinks)]
                source = GO_SOURCES[(t + variant) % len(GO_SOURCES)]
                for label, code, helpers in (("real", real, real_helpers), ("safe", safe, safe_helpers)):
                    code = code.replace("SANITIZER", GO_SANITIZERS[cwe])
                    name = "case_%s_%02d_%s.go" % (family.replace("-", "_"), n, label)
                    text = GO_TEMPLATE.format(cwe=cwe, label=label, trick=desc,
                                              other="safe" if label == "real" else "real",
                                              source=source, trick_code=code, sink=sink, helpers=helpers)
                    with open(os.path.join(folder, name), "w") as f:
                        f.write(text)
                    count += 1
    return count


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=os.path.join(os.path.dirname(here), "tests/analysis/security_suite"))
    args = ap.parse_args()
    total = 0
    for lang, gen in (("java", gen_java), ("python", gen_python), ("javascript", gen_javascript),
                      ("go", gen_go)):
        folder = os.path.join(args.out, lang)
        # Only the generated families are rewritten; other cases in the folder stay.
        for family in FAMILIES:
            shutil.rmtree(os.path.join(folder, family), ignore_errors=True)
        total += gen(args.out)
    print(f"wrote {total} cases under {args.out}")


if __name__ == "__main__":
    main()
