# cc-suite: cwe=1004 safe
import hashlib
import os

from flask import Flask, request, make_response

app = Flask(__name__)


@app.route("/handle", methods=["GET", "POST"])
def handle():
    param = request.args.get("q", "")
    resp = make_response("ok")
    resp.set_cookie("sid", str(len(param)), secure=True, httponly=True)
    return resp
