"""Validate the deployment config files: each needs [server] host and a port in 1-65535."""
import configparser
import sys

REQUIRED = ("host", "port")


def problems(path):
    cfg = configparser.ConfigParser()
    cfg.read(path)
    if not cfg.has_section("server"):
        return [f"{path}: missing [server] section"]
    found = []
    for key in REQUIRED:
        if not cfg.has_option("server", key):
            found.append(f"{path}: [server] missing required key '{key}'")
    if cfg.has_option("server", "port"):
        port = cfg.getint("server", "port")
        if not 1 <= port <= 65535:
            found.append(f"{path}: [server] port {port} out of range 1-65535")
    return found


def main(paths):
    bad = 0
    for path in paths:
        found = problems(path)
        for line in found:
            print(line)
        if found:
            bad += 1
        else:
            print(f"{path}: ok")
    print(f"{bad} of {len(paths)} config files invalid")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
