RATES = {
    ('C0', 'USD'): 1.00,
    ('C1', 'USD'): 1.01,
    ('C2', 'USD'): 1.02,
    ('C3', 'USD'): 1.03,
    ('C4', 'USD'): 1.04,
    ('C5', 'USD'): 1.05,
    ('C6', 'USD'): 1.06,
    ('C7', 'USD'): 1.07,
    ('C8', 'USD'): 1.08,
    ('C9', 'USD'): 1.09,
    ('C10', 'USD'): 1.10,
    ('C11', 'USD'): 1.11,
    ('C12', 'USD'): 1.12,
    ('C13', 'USD'): 1.13,
    ('C14', 'USD'): 1.14,
    ('C15', 'USD'): 1.15,
    ('C16', 'USD'): 1.16,
    ('C17', 'USD'): 1.17,
    ('C18', 'USD'): 1.18,
    ('C19', 'USD'): 1.19,
    ('EUR', 'USD'): 1.08,
}


def convert(amount, src, dst):
    if src == dst:
        return amount
    return amount * RATES[(src, dst)]
