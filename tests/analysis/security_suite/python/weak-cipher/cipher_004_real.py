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
    key = DES3.adjust_key_parity(get_random_bytes(24))
    cipher = DES3.new(key, DES3.MODE_CBC)
    data = cipher.encrypt(param.encode().ljust(32))
    return make_response(data.hex())
