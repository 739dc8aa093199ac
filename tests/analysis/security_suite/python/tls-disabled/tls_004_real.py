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
    ctx = ssl._create_unverified_context()
    body = urllib.request.urlopen("https://api.example.com/items", context=ctx).read()
    return make_response(body)
