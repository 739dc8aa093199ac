# cc-suite: cwe=90 real
# The connection comes from a helper module, so its type is unknown; the filter embeds the input.
import ldap3
from flask import Flask, request
from directory.pool import borrow_connection

app = Flask(__name__)


@app.route("/who")
def who():
    uid = request.args.get("uid", "")
    conn = borrow_connection()
    conn.search("ou=people,dc=example,dc=org", f"(&(objectClass=person)(uid={uid}))", attributes=["cn"])
    return str(conn.entries)
