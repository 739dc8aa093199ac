# cc-suite: cwe=22 safe
# Same adapter; only the base name of the value is used.
import os.path
from flask import Flask, request
from webtools.adapters import FormAdapter

app = Flask(__name__)


@app.route("/doc", methods=["POST"])
def doc():
    form = FormAdapter(request)
    name = os.path.basename(form.value_of("doc"))
    with open("/srv/docs/" + name) as fh:
        return fh.read()
