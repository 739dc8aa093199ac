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
    s = requests.Session()
    s.verify = False
    return make_response(s.get("https://api.example.com/items").text)
