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
    s = requests.Session()
    s.verify = True
    return make_response(s.get("https://internal.example.com/status").text)
