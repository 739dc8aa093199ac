# cc-suite: cwe=611 safe
import hashlib
import os
from lxml import etree
from flask import Flask, request, make_response

app = Flask(__name__)


@app.route("/handle", methods=["GET", "POST"])
def handle():
    param = request.args.get("q", "")
    parser = etree.XMLParser(resolve_entities=False)
    root = etree.fromstring(param.encode(), parser)
    return make_response(root.tag)
