def tile_key(z, x, y):
    return f"{z}/{x}/{y}"
