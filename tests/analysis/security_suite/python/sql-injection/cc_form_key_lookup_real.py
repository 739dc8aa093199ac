# cc-suite: cwe=89 real
# The form field whose values contain a marker is found by walking the form's keys; the key
# itself (attacker-chosen) ends up in the query. The membership test is on the values, not a check.
import sqlite3
from flask import Flask, request

app = Flask(__name__)


@app.route("/lookup", methods=["POST"])
def lookup():
    chosen = ""
    for field in request.form.keys():
        if "pick-me" in request.form.getlist(field):
            chosen = field
            break
    db = sqlite3.connect("shop.db")
    rows = db.cursor().execute("SELECT sku FROM items WHERE label = '" + chosen + "'")
    return str(rows.fetchall())
