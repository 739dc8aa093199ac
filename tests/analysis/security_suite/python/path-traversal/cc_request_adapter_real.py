# cc-suite: cwe=22 real
# The request goes through an adapter from another module; the value it returns is still
# whatever the client sent.
from flask import Flask, request
from webtools.adapters import FormAdapter

app = Flask(__name__)


@app.route("/doc", methods=["POST"])
def doc():
    form = FormAdapter(request)
    name = form.value_of("doc")
    with open("/srv/docs/" + name) as fh:
        return fh.read()
