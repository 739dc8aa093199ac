# cc-suite: cwe=400 safe
# The same check written without a repeated group of repetitions: matching is linear.
import re
from flask import Flask, request

app = Flask(__name__)


@app.route("/title")
def title():
    text = request.args.get("t", "")
    checker = re.compile(r"^[a-zA-Z][a-zA-Z\s]*$")
    return "ok" if checker.match(text) else "rejected"
