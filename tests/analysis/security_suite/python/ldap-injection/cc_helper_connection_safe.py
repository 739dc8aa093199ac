# cc-suite: cwe=90 safe
# Same helper connection; the input is escaped for filters first.
import ldap3
from flask import Flask, request
from ldap3.utils.conv import escape_filter_chars
from directory.pool import borrow_connection

app = Flask(__name__)


@app.route("/who")
def who():
    uid = escape_filter_chars(request.args.get("uid", ""))
    conn = borrow_connection()
    conn.search("ou=people,dc=example,dc=org", f"(&(objectClass=person)(uid={uid}))", attributes=["cn"])
    return str(conn.entries)
