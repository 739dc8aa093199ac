# cc-suite: cwe=22 safe
# Same join, but only the last path component of the client's name survives.
import os.path
import pathlib
from flask import Flask, request

app = Flask(__name__)
BASE = pathlib.Path("/srv/reports")


@app.route("/report")
def report():
    target = BASE / os.path.basename(request.args.get("name", "index.txt"))
    return target.read_text()
