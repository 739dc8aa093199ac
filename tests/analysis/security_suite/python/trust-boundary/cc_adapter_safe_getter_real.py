# cc-suite: cwe=501 real
# The same adapter's plain getter hands back what the client sent.
from flask import Flask, request, session
from webtools.adapters import FormAdapter

app = Flask(__name__)


@app.route("/remember", methods=["POST"])
def remember():
    form = FormAdapter(request)
    session["theme"] = form.get_value("theme")
    return "saved"
