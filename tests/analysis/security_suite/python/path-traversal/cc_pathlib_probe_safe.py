# cc-suite: cwe=22 safe
# The probe keeps only the final name component, so it stays inside the upload directory.
import os.path
from pathlib import Path
from flask import Flask, request

app = Flask(__name__)
UPLOADS = Path("/srv/uploads")


@app.route("/has")
def has():
    candidate = UPLOADS / os.path.basename(request.args.get("name", ""))
    return "present" if candidate.exists() else "missing"
