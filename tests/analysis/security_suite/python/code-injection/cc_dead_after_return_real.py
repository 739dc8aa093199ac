# cc-suite: cwe=94 real
# The early exit depends on the request, so the eval below it runs for other values.
from flask import Flask, request

app = Flask(__name__)


@app.route("/calc")
def calc():
    expr = request.args.get("e", "0")
    if len(expr) > 40:
        return "too long", 400
    return str(eval(expr))
