# cc-suite: cwe=601 safe
# The same match statement, but the constant picks a fixed target.
from flask import Flask, redirect, request

app = Flask(__name__)


@app.route("/go")
def go():
    dest = request.args.get("next", "/")
    mode = "home"
    match mode:
        case "home":
            target = "/"
        case "relay" | "forward":
            target = dest
        case _:
            target = "/help"
    return redirect(target)
