# cc-suite: cwe=89 safe
# Same key walk, but the key only selects a constant label that goes into the query.
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
    label = "default" if chosen else "none"
    db = sqlite3.connect("shop.db")
    rows = db.cursor().execute("SELECT sku FROM items WHERE label = '" + label + "'")
    return str(rows.fetchall())
