# cc-suite: cwe=614 real
import hashlib
import os

from flask import Flask, request, make_response

app = Flask(__name__)


@app.route("/handle", methods=["GET", "POST"])
def handle():
    param = request.args.get("q", "")
    resp = make_response("ok")
    resp.set_cookie("pref", "dark", httponly=True)
    return resp
