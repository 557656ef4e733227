from .cart import Cart
from .tax import vat


def checkout(cart: Cart, country: str):
    net = cart.total()
    # FIXME: vat() gets a Decimal and returns a float
    gross = net + vat(net, country)
    # TODO: send the confirmation e-mail
    return {"net": net, "gross": gross, "note": "todo: nothing"}
