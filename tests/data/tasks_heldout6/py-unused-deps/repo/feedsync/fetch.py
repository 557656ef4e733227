import requests
from dateutil import parser as dateparser


def fetch(url):
    items = requests.get(url, timeout=10).json()
    return [(dateparser.parse(i["date"]), i["title"]) for i in items]
