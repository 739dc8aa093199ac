# cc-suite: cwe=22 real
# The path is resolved, but the containment check looks at the raw name, so ../ still escapes.
from pathlib import Path
from flask import Flask, request

app = Flask(__name__)
EXPORTS = Path("/srv/exports")


@app.route("/export")
def export():
    name = request.args.get("name", "")
    target = (EXPORTS / name).resolve()
    if not name.startswith("report-"):
        return "no such export", 404
    return target.read_text()
