# cc-suite: cwe=611 real
import hashlib
import os
import io
import xml.sax
from xml.sax import handler
from flask import Flask, request, make_response

app = Flask(__name__)


@app.route("/handle", methods=["GET", "POST"])
def handle():
    param = request.args.get("q", "")
    parser = xml.sax.make_parser()
    parser.setFeature(handler.feature_namespaces, True)
    parser.setFeature(xml.sax.handler.feature_external_ges, True)
    parser.parse(io.StringIO(param))
    return make_response('parsed')
