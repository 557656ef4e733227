def pending(queue):
    return [job for job in queue if not getattr(job, "done", False)]


def rerun_failed(queue):
    return [job for job in queue if getattr(job, "failed", False)]
