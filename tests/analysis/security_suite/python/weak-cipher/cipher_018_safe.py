# cc-suite: cwe=327 safe
import hashlib
import os
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from flask import Flask, request, make_response

app = Flask(__name__)


@app.route("/handle", methods=["GET", "POST"])
def handle():
    param = request.args.get("q", "")
    key = os.urandom(32)
    iv = os.urandom(16)
    c = Cipher(algorithms.ChaCha20(key, iv), mode=None)
    enc = c.encryptor()
    extra = len(param)
    return make_response((enc.update(param.encode()) + enc.finalize()).hex())
