# cc-suite: cwe=94 real
# Only the first and last characters are checked, so "'a' + __import__('os').getcwd() + 'b'" passes.
from flask import Flask, request

app = Flask(__name__)


@app.route("/label")
def label():
    text = request.args.get("t", "''")
    if not text.startswith('"') or not text.endswith('"'):
        return "expected a quoted string", 400
    return str(eval(text))
