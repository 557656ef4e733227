import functools


def require_user(fn):
    # TODO: check the session token, not just its presence
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        return fn(*args, **kwargs)
    return wrapper
