# cc-suite: cwe=330 safe
import hashlib
import os
import random
import secrets
import string
from flask import redirect, session
import time
from flask import Flask, request, make_response

app = Flask(__name__)


@app.route("/handle", methods=["GET", "POST"])
def handle():
    param = request.args.get("q", "")
    rng = random.Random()
    pause = str(rng.randrange(10 ** 12))
    time.sleep(len(str(pause)) / 1000)
    rng = random.SystemRandom()
    value = str(rng.randrange(10 ** 12))
    session["csrf"] = value
    return make_response("ok")
