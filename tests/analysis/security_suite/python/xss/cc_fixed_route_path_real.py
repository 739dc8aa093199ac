# cc-suite: cwe=79 real
# The rule has a variable part, so the client picks the path segment that is echoed.
from flask import Flask, request

app = Flask(__name__)


@app.route("/reports/<name>")
def summary(name):
    section = request.path.split("/")[2]
    return "<h2>Section " + section + "</h2>"
