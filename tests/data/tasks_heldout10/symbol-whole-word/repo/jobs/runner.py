from jobs.queue import pending


def run_all(queue):
    """Run every pending job, in order."""
    return [run_one(job) for job in pending(queue)]


def run_one(job):
    return job()
