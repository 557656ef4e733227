import yaml


def load(path):
    with open(path) as fh:
        return yaml.safe_load(fh)
