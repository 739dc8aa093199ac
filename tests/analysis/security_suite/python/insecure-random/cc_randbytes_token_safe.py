# cc-suite: cwe=330 safe
# The same token drawn from the operating system's CSPRNG.
import base64
import secrets
from flask import Flask, session

app = Flask(__name__)


@app.route("/reset")
def reset():
    session["reset_token"] = base64.urlsafe_b64encode(secrets.token_bytes(24)).decode()
    return "sent"
