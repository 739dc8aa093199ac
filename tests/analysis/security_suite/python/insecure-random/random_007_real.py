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
    value = ''.join(random.choice(string.ascii_letters) for _ in range(24))
    return redirect(f"/reset?code={value}")
