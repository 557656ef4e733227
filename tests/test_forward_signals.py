"""process_group.forward_signals: a Ctrl-C that comes while the command is being started reaches it."""
import os
import signal
import subprocess
import types

from terminus_edge.process_group import forward_signals


def test_a_signal_before_the_command_started_is_delivered_when_it_is_attached():
    watch = types.SimpleNamespace(interrupted=False, signals=0)
    before = signal.getsignal(signal.SIGINT)
    with forward_signals() as signals:
        os.kill(os.getpid(), signal.SIGINT)  # held: no KeyboardInterrupt, the command is not started yet
        proc = subprocess.Popen(["sleep", "30"], start_new_session=True)
        signals.attach(proc.pid, watch)
        assert proc.wait(timeout=10) == -signal.SIGINT
    assert watch.interrupted and watch.signals == 1
    assert signal.getsignal(signal.SIGINT) is before


def test_a_second_signal_kills_the_group():
    watch = types.SimpleNamespace(interrupted=False, signals=0)
    with forward_signals() as signals:
        proc = subprocess.Popen(["sleep", "30"], start_new_session=True,  # a command that ignores Ctrl-C
                                preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))
        signals.attach(proc.pid, watch)
        os.kill(os.getpid(), signal.SIGINT)
        os.kill(os.getpid(), signal.SIGINT)
        assert proc.wait(timeout=10) == -signal.SIGKILL
    assert watch.signals == 2
