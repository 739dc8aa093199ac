# cc-suite: cwe=330 real
# A reset token made from the Mersenne Twister's randbytes can be predicted from earlier outputs.
import base64
import random
from flask import Flask, session

app = Flask(__name__)


@app.route("/reset")
def reset():
    session["reset_token"] = base64.urlsafe_b64encode(random.randbytes(24)).decode()
    return "sent"
