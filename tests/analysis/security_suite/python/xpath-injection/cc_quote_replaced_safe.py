# cc-suite: cwe=643 safe
# Single quotes are replaced by an entity, so the value cannot close the single-quoted literal.
from lxml import etree
from flask import Flask, request

app = Flask(__name__)


@app.route("/book")
def book():
    doc = etree.parse("/srv/data/library.xml")
    isbn = request.args.get("isbn", "").replace("'", "&apos;")
    hits = doc.xpath(f"//book[@isbn='{isbn}']/title/text()")
    return ", ".join(hits)
