CURRENCY = "USD"
SYMBOLS = {"USD": "$", "EUR": "€"}
