# cc-suite: cwe=601 real
# A match statement on a constant picks the case that forwards the client's URL.
from flask import Flask, redirect, request

app = Flask(__name__)


@app.route("/go")
def go():
    dest = request.args.get("next", "/")
    mode = "relay"
    match mode:
        case "home":
            target = "/"
        case "relay" | "forward":
            target = dest
        case _:
            target = "/help"
    return redirect(target)
