# cc-suite: cwe=330 real
# A session id drawn from a normal distribution still comes from the Mersenne Twister.
import random
from flask import Flask, make_response

app = Flask(__name__)


@app.route("/start")
def start():
    sid = str(abs(random.normalvariate(0, 1e12)))
    resp = make_response("ok")
    resp.set_cookie("sid", sid, secure=True, httponly=True)
    return resp
