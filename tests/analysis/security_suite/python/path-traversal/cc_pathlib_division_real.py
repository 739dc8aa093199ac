# cc-suite: cwe=22 real
# pathlib's / operator joins the client's name under the base directory and the file is read.
import pathlib
from flask import Flask, request

app = Flask(__name__)
BASE = pathlib.Path("/srv/reports")


@app.route("/report")
def report():
    target = BASE / request.args.get("name", "index.txt")
    return target.read_text()
