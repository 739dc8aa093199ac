# cc-suite: cwe=643 safe
# The value is refused when it holds a quote, so it cannot leave the quoted literal.
import xml.etree.ElementTree as ET
import elementpath
from flask import Flask, request

app = Flask(__name__)


@app.route("/staff")
def staff():
    tree = ET.parse("/srv/data/staff.xml")
    badge = request.args.get("badge", "")
    if "'" in badge:
        return "bad badge", 400
    hits = elementpath.select(tree, f"//member[@badge='{badge}']/name")
    return ", ".join(h.text for h in hits)
