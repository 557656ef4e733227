import argparse


def parser():
    p = argparse.ArgumentParser(prog="thumbs", description="Make thumbnails of every image in a folder.")
    p.add_argument("source", metavar="SOURCE")
    p.add_argument("--size", type=int, default=256, help="longest edge in pixels (default 256)")
    p.add_argument("--quality", type=int, default=85, help="JPEG quality 1-100 (default 85)")
    p.add_argument("--output", default="thumbs/", metavar="DIR", help="where thumbnails go")
    p.add_argument("--format", choices=["jpeg", "webp"], default="jpeg", help="thumbnail file format")
    return p


def main():
    args = parser().parse_args()
    print(f"would make {args.format} thumbnails of {args.source} at {args.size}px into {args.output}")


if __name__ == "__main__":
    main()
