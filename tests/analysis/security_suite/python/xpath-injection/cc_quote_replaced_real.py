# cc-suite: cwe=643 real
# Only double quotes are replaced, but the value sits in a single-quoted XPath literal.
from lxml import etree
from flask import Flask, request

app = Flask(__name__)


@app.route("/book")
def book():
    doc = etree.parse("/srv/data/library.xml")
    isbn = request.args.get("isbn", "").replace('"', "&quot;")
    hits = doc.xpath(f"//book[@isbn='{isbn}']/title/text()")
    return ", ".join(hits)
