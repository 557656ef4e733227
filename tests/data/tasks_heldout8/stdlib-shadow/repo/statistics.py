"""Scratch notes: quick numbers for the capacity plan."""
peak_rps = 420
print(f"peak {peak_rps} requests/s")
