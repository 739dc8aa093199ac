# cc-suite: cwe=501 safe
# The adapter from another module offers a getter that says it returns a vetted value.
from flask import Flask, request, session
from webtools.adapters import FormAdapter

app = Flask(__name__)


@app.route("/remember", methods=["POST"])
def remember():
    form = FormAdapter(request)
    session["theme"] = form.get_safe_value("theme")
    return "saved"
