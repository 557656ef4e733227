import sys

def main():
    for line in sys.stdin:
        print "migrating", line.strip()

main()
