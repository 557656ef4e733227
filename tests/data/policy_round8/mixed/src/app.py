import os
# TODO: tidy
print(os.getcwd())
