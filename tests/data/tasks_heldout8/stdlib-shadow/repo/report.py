"""Prints the median and mean response time of the samples in timings.txt (milliseconds, one per line)."""
import statistics


def main():
    with open("timings.txt") as fh:
        samples = [float(line) for line in fh if line.strip()]
    print(f"median {statistics.median(samples):.1f} ms, mean {statistics.mean(samples):.1f} ms")


if __name__ == "__main__":
    main()
