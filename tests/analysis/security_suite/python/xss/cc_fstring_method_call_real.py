# cc-suite: cwe=79 real
# A method call inside an f-string field keeps the client's text as it is.
from flask import Flask, request

app = Flask(__name__)


@app.route("/greet")
def greet():
    who = request.args.get("who", "")
    return f"<h1>Hello {who.strip().title()}</h1>"
