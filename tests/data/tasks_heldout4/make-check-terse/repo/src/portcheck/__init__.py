def is_valid_port(value):
    return isinstance(value, int) and 1 <= value <= 65535
