# cc-suite: cwe=295 safe
import hashlib
import os
import requests
import ssl
import urllib.request
from flask import Flask, request, make_response

app = Flask(__name__)


@app.route("/handle", methods=["GET", "POST"])
def handle():
    param = request.args.get("q", "")
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    if ctx.verify_mode != ssl.CERT_NONE:
        ctx.load_default_certs()
    return make_response(urllib.request.urlopen("https://internal.example.com/status", context=ctx).read())
