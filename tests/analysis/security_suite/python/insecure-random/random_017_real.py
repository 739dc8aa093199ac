# cc-suite: cwe=330 real
import hashlib
import os
import random
import secrets
import string
from flask import redirect, session
from flask import Flask, request, make_response

app = Flask(__name__)


@app.route("/handle", methods=["GET", "POST"])
def handle():
    param = request.args.get("q", "")
    rng = random.Random()
    value = str(rng.randrange(10 ** 12))
    resp = make_response("ok")
    resp.set_cookie("remember_me", value, secure=True, httponly=True)
    return resp
