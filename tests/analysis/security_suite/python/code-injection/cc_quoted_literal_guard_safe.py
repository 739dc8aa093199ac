# cc-suite: cwe=94 safe
# A double-quoted literal with no quote inside: eval can only give back that string.
from flask import Flask, request

app = Flask(__name__)


@app.route("/label")
def label():
    text = request.args.get("t", "''")
    if not text.startswith('"') or not text.endswith('"') or '"' in text[1:-1]:
        return "expected a quoted string", 400
    return str(eval(text))
