# cc-suite: cwe=79 real
# A helper from another module that only decorates the text: the markup carries raw input.
from flask import Flask, request
from siteutil.text import emphasise

app = Flask(__name__)


@app.route("/note")
def note():
    text = emphasise(request.args.get("text", ""))
    page = "<div class='note'>" + text + "</div>"
    return page
