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
    value = random.randint(100000, 999999)
    session["csrf"] = value
    return make_response("ok")
