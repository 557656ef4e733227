"""Times three ways of deduplicating a list while keeping order."""
import time


def dedup_loop(xs):
    out = []
    for x in xs:
        if x not in out:
            out.append(x)
    return out


def dedup_set(xs):
    seen, out = set(), []
    for x in xs:
        if x not in seen:
            seen.add(x)
            out.append(x)
    return out


def dedup_dict(xs):
    return list(dict.fromkeys(xs))


def main():
    data = [i % 3000 for i in range(60_000)]
    total = 0.0
    for fn in (dedup_loop, dedup_set, dedup_dict):
        start = time.perf_counter()
        result = fn(data)
        elapsed = time.perf_counter() - start
        total += elapsed
        assert len(result) == 3000
        print(f"{fn.__name__:<12} {elapsed * 1000:9.1f} ms")
    print(f"{'total':<12} {total * 1000:9.1f} ms")


if __name__ == "__main__":
    main()
