RATES = {"de": 0.19, "fr": 0.20, "uk": 0.20}


def rate_for(region):
    return RATES.get(region, 0.0)
