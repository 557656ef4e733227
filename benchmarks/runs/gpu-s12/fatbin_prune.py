"""List / prune the CUDA fatbin entries of a shared library: zero every entry's payload in a container that also holds
an ELF (cubin) for the kept SM, so the file keeps its layout but compresses to little more than the kept code."""
import collections, struct, sys

def section(data, name):
    import subprocess
    out = subprocess.run(["readelf", "-S", "-W", sys.argv[2]], capture_output=True, text=True).stdout
    for line in out.splitlines():
        if f" {name} " in line:
            parts = line.split("]")[1].split()
            return int(parts[3], 16), int(parts[4], 16)
    raise SystemExit("no section")

def containers(data, off, size):
    pos, end = off, off + size
    while pos < end:
        magic, ver, hsize, fsize = struct.unpack_from("<IHHQ", data, pos)
        if magic != 0xBA55ED50:
            pos += 8; continue
        entries, e, cend = [], pos + hsize, pos + hsize + fsize
        while e < cend:
            kind, ev, ehs, padded = struct.unpack_from("<HHIQ", data, e)
            sm = struct.unpack_from("<I", data, e + 28)[0]
            entries.append((kind, sm, e, ehs, padded))
            e += ehs + padded
        yield pos, entries
        pos = cend

mode, path = sys.argv[1], sys.argv[2]
keep = int(sys.argv[3]) if len(sys.argv) > 3 else 90
data = bytearray(open(path, "rb").read())
off, size = section(data, ".nv_fatbin")
stats, zeroed, nocover = collections.Counter(), 0, 0
for pos, entries in containers(data, off, size):
    have = any(k == 2 and sm == keep for k, sm, *_ in entries)
    if not have:
        nocover += 1
    for kind, sm, e, ehs, padded in entries:
        stats[(kind, sm)] += padded
        if mode == "prune" and sm != keep:
            data[e + ehs : e + ehs + padded] = bytes(padded); zeroed += padded
for k, v in sorted(stats.items()):
    print(k, v // 2**20, "MiB")
print("containers without a cubin for sm", keep, ":", nocover, " zeroed MiB", zeroed // 2**20)
if mode == "prune":
    open(sys.argv[4], "wb").write(data)
