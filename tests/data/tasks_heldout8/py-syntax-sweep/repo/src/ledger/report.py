from ledger.accounts import Account


def summary(accounts):
    lines = []
    for account in accounts:
        lines.append(f"{account.name}: {account.balance:.2f}")
    return "\n".join(lines)


def largest(accounts):
    best = None
    for account in accounts:
        if best is None or account.balance > best.balance
            best = account
    return best
