# cc-suite: cwe=400 safe
# The same nested pattern, but it only ever runs on a constant string.
import re
from flask import Flask, request

app = Flask(__name__)


@app.route("/agent")
def agent():
    ua = request.headers.get("User-Agent", "")
    sample = "abc-def-build"
    found = re.search(r"(([a-z0-9]+)*-)+build", sample)
    return ("tagged" if found else "plain") + str(len(ua))
