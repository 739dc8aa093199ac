# cc-suite: cwe=400 real
# A compiled pattern repeats a group that itself repeats; a long near-miss from the client makes
# the match backtrack exponentially.
import re
from flask import Flask, request

app = Flask(__name__)
WORDS = re.compile(r"^(\w+\s?)+$")


@app.route("/title")
def title():
    text = request.args.get("t", "")
    checker = re.compile(r"^([a-zA-Z]+\s?)+$")
    return "ok" if checker.match(text) else "rejected"
