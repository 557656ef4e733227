import json
import sys

with open(sys.argv[1]) as fh:
    data = json.load(fh)
missing = [i for i, row in enumerate(data) if "id" not in row]
if missing:
    sys.exit(f"{sys.argv[1]}: rows without an id: {missing}")
print(f"{sys.argv[1]}: {len(data)} rows ok")
