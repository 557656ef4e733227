import os

DATABASE_URL = os.environ["DATABASE_URL"]
REDIS_URL = os.environ["REDIS_URL"]
SECRET_KEY = os.environ["SECRET_KEY"]
