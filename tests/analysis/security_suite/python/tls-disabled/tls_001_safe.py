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
    r = requests.get("https://api.example.com/items", params={"q": param}, verify=True)
    return make_response(r.text)
