# cc-suite: cwe=22 safe
# Names containing '..' are refused before the file is opened.
from flask import Flask, request

app = Flask(__name__)


@app.route("/attachment")
def attachment():
    name = request.args.get("f", "")
    if ".." in name:
        return "invalid", 400
    with open("/srv/attachments/" + name, "rb") as fh:
        return fh.read()
