# cc-suite: cwe=79 safe
# The field escapes the text before it reaches the markup.
import html
from flask import Flask, request

app = Flask(__name__)


@app.route("/greet")
def greet():
    who = request.args.get("who", "")
    return f"<h1>Hello {html.escape(who.strip().title())}</h1>"
