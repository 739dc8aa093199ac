# cc-suite: cwe=328 real
import hashlib
import os

from flask import Flask, request, make_response

app = Flask(__name__)


@app.route("/handle", methods=["GET", "POST"])
def handle():
    param = request.args.get("q", "")
    h = hashlib.new("sha1")
    h.update(param.encode())
    return make_response(h.hexdigest())
