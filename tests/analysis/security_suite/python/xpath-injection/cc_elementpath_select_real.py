# cc-suite: cwe=643 real
# elementpath evaluates an XPath expression that quotes the client's value.
import xml.etree.ElementTree as ET
import elementpath
from flask import Flask, request

app = Flask(__name__)


@app.route("/staff")
def staff():
    tree = ET.parse("/srv/data/staff.xml")
    badge = request.args.get("badge", "")
    hits = elementpath.select(tree, f"//member[@badge='{badge}']/name")
    return ", ".join(h.text for h in hits)
