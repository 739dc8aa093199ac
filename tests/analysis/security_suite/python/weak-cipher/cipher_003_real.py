# cc-suite: cwe=327 real
import hashlib
import os
from Crypto.Cipher import AES, DES, DES3, ARC4, Blowfish
from Crypto.Random import get_random_bytes
from flask import Flask, request, make_response

app = Flask(__name__)


@app.route("/handle", methods=["GET", "POST"])
def handle():
    param = request.args.get("q", "")
    key = get_random_bytes(16)
    cipher = ARC4.new(key)
    data = cipher.encrypt(param.encode().ljust(32))
    return make_response(data.hex())
