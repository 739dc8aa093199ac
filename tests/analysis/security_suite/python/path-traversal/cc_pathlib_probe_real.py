# cc-suite: cwe=22 real
# Probing for a file named by the client tells them which files exist anywhere on the server.
from pathlib import Path
from flask import Flask, request

app = Flask(__name__)
UPLOADS = Path("/srv/uploads")


@app.route("/has")
def has():
    candidate = UPLOADS / request.args.get("name", "")
    return "present" if candidate.exists() else "missing"
