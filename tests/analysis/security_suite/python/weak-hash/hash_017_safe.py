# cc-suite: cwe=328 safe
import hashlib
import os

from flask import Flask, request, make_response

app = Flask(__name__)


@app.route("/handle", methods=["GET", "POST"])
def handle():
    param = request.args.get("q", "")
    digest = hashlib.sha384(param.encode()).hexdigest()
    return make_response(digest)
