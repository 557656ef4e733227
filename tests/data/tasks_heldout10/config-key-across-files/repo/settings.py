import json
import os

with open("config/defaults.json") as fh:
    DEFAULTS = json.load(fh)

MAX_CONNECTIONS = int(os.environ.get("MAX_CONNECTIONS", DEFAULTS["server"]["max_connections"]))
