def greet(name):
    return f"Grüß dich, {name}"
