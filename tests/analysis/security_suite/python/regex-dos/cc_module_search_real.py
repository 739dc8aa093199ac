# cc-suite: cwe=400 real
# re.search with a nested repetition straight on a header value.
import re
from flask import Flask, request

app = Flask(__name__)


@app.route("/agent")
def agent():
    ua = request.headers.get("User-Agent", "")
    found = re.search(r"(([a-z0-9]+)*-)+build", ua)
    return "tagged" if found else "plain"
