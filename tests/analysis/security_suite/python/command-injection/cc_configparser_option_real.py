# cc-suite: cwe=78 real
# A request value is parked in a ConfigParser option and read back from the same option.
import configparser
import subprocess
from flask import Flask, request

app = Flask(__name__)


@app.route("/ping", methods=["POST"])
def ping():
    settings = configparser.ConfigParser()
    settings.add_section("net")
    settings.set("net", "fallback", "localhost")
    settings.set("net", "target", request.form.get("host", ""))
    host = settings.get("net", "target")
    out = subprocess.run("ping -c 1 " + host, shell=True, capture_output=True, text=True)
    return out.stdout
