import logging

from jobs.runner import run_all

log = logging.getLogger(__name__)


def prepare(queue):
    queue.sort(key=lambda job: job.priority)


def run(queue, dry_run=False):
    prepare(queue)
    if dry_run:
        log.info("dry run: %d jobs", len(queue))
        return []
    return run_all(queue)
