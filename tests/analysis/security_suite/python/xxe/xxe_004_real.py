# cc-suite: cwe=611 real
import hashlib
import os
from lxml import etree
from flask import Flask, request, make_response

app = Flask(__name__)


@app.route("/handle", methods=["GET", "POST"])
def handle():
    param = request.args.get("q", "")
    parser = etree.XMLParser(huge_tree=False, resolve_entities=True)
    root = etree.fromstring(param.encode(), parser)
    return make_response(root.tag)
