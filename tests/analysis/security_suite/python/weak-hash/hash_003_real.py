# cc-suite: cwe=328 real
import hashlib
import os

from flask import Flask, request, make_response

app = Flask(__name__)


@app.route("/handle", methods=["GET", "POST"])
def handle():
    param = request.args.get("q", "")
    algorithm = "md5"
    h = hashlib.new(algorithm, param.encode())
    return make_response(h.hexdigest())
