# cc-suite: cwe=328 real
import hashlib
import os
from cryptography.hazmat.primitives import hashes
from flask import Flask, request, make_response

app = Flask(__name__)


@app.route("/handle", methods=["GET", "POST"])
def handle():
    param = request.args.get("q", "")
    h = hashes.Hash(hashes.SHA1())
    h.update(param.encode())
    return make_response(h.finalize().hex())
