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
    pause = str(random.random())[2:]
    time.sleep(len(str(pause)) / 1000)
    value = str(random.SystemRandom().random())[2:]
    reset_link = "https://example.com/confirm?user=" + param + "&id=" + value
    return make_response(reset_link)
