# cc-suite: cwe=79 safe
# The handler answers one fixed rule, so request.path is a path the server chose; echoing a segment
# of it cannot carry markup from the client.
from flask import Flask, request

app = Flask(__name__)


@app.route("/reports/summary")
def summary():
    section = request.path.split("/")[1]
    return "<h2>Section " + section + "</h2>"
