class Store:
    def __init__(self):
        self.rows = {}
        self.todo_queue = []  # pending writes

    def all(self):
        # TODO: stream instead of building a list
        return list(self.rows.values())

    def get(self, key):
        return self.rows.get(key)

    def delete(self, key):
        # FIXME: not thread safe
        self.rows.pop(key, None)
