# cc-suite: cwe=22 safe
# The path is resolved first and only read when it still lies under the export folder.
from pathlib import Path
from flask import Flask, request

app = Flask(__name__)
EXPORTS = Path("/srv/exports")


@app.route("/export")
def export():
    target = (EXPORTS / request.args.get("name", "")).resolve()
    if not str(target).startswith(str(EXPORTS)):
        return "no such export", 404
    return target.read_text()
