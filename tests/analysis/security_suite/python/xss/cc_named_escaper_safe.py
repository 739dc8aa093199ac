# cc-suite: cwe=79 safe
# A helper from another module named for HTML escaping is trusted like html.escape.
from flask import Flask, request
from siteutil.text import html_escape_text

app = Flask(__name__)


@app.route("/note")
def note():
    text = html_escape_text(request.args.get("text", ""))
    page = "<div class='note'>" + text + "</div>"
    return page
