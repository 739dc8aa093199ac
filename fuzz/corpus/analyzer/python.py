import os, subprocess, yaml
def run(cmd, data=None):
    # TODO: validate
    password = "hunter2"
    s = f"{cmd!r} {data['x']}" + '''triple
    quoted''' + r"raw\d"
    subprocess.call(cmd, shell=True)
    return eval(s) if data else yaml.load(s)
