def restock(level, amount):
    return level + amount


def slug(name):
    return name.strip().lower().replace(" ", "-")
