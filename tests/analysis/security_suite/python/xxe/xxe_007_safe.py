# cc-suite: cwe=611 safe
import hashlib
import os
from lxml import etree
from flask import Flask, request, make_response

app = Flask(__name__)


@app.route("/handle", methods=["GET", "POST"])
def handle():
    param = request.args.get("q", "")
    parser = etree.XMLParser(load_dtd=True, resolve_entities=False)
    root = etree.XML(param.encode(), parser)
    return make_response(root.tag)
