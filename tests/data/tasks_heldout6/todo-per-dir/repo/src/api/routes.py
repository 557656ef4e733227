from .auth import require_user

# TODO: paginate the list endpoint
def list_items(db):
    return db.all()


def get_item(db, item_id):
    # FIXME: returns None instead of a 404
    return db.get(item_id)


@require_user
def delete_item(db, item_id):
    # TODO: soft delete
    db.delete(item_id)
