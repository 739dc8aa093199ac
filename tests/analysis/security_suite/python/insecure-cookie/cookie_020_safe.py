# cc-suite: cwe=614 safe
import hashlib
import os

from flask import Flask, request, make_response

app = Flask(__name__)


@app.route("/handle", methods=["GET", "POST"])
def handle():
    param = request.args.get("q", "")
    resp = make_response("ok")
    resp.set_cookie("pref", request.cookies.get('sid', ''), secure=True, httponly=True, samesite='Lax')
    return resp
