# cc-suite: cwe=94 safe
# The early exit is taken on every request (the condition is constant), so the eval never runs.
from flask import Flask, request

app = Flask(__name__)


@app.route("/calc")
def calc():
    expr = request.args.get("e", "0")
    budget = 6 * 7
    if budget > 40:
        return "calculator disabled", 503
    return str(eval(expr))
