# cc-suite: cwe=22 real
# The guard looks for a backslash only; '../' still climbs out of the base directory.
from flask import Flask, request

app = Flask(__name__)


@app.route("/attachment")
def attachment():
    name = request.args.get("f", "")
    if "\\" in name:
        return "invalid", 400
    with open("/srv/attachments/" + name, "rb") as fh:
        return fh.read()
