# cc-suite: cwe=295 real
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
    r = requests.post("https://api.example.com/items", data=param, verify=False, timeout=5)
    return make_response(r.text)
