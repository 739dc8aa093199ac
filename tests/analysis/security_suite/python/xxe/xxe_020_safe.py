# cc-suite: cwe=611 safe
import hashlib
import os
import io
import xml.sax
from xml.dom import pulldom
from xml.sax.handler import feature_external_ges
from flask import Flask, request, make_response

app = Flask(__name__)


@app.route("/handle", methods=["GET", "POST"])
def handle():
    param = request.args.get("q", "")
    parser = xml.sax.make_parser()
    parser.setFeature(feature_external_ges, False)
    events = pulldom.parse(io.BytesIO(param.encode()), parser=parser)
    return make_response(str(sum(1 for _ in events)))
