# cc-suite: cwe=330 safe
# The same session id from the operating system's CSPRNG.
import secrets
from flask import Flask, make_response

app = Flask(__name__)


@app.route("/start")
def start():
    sid = str(secrets.randbelow(10**12))
    resp = make_response("ok")
    resp.set_cookie("sid", sid, secure=True, httponly=True)
    return resp
