"""The outbox side of the TUI: queueing a card's summary (or redacted raw output) and delivering, copying or
removing what is queued. A mixin of TerminusApp: it uses the app's cards, outbox, pipeline, sink and notify."""

from __future__ import annotations

from dataclasses import replace

from textual import work

from terminus_edge.tui.screens import RawLogScreen
from terminus_edge.tui.widgets.cards import CardState
from terminus_edge.tui.widgets.outbox import FileSink, OutboxItem, OutboxSink, default_outbox_path, outbox_text


BACKGROUND_BYTES = 256 * 1024  # raw output above this is redacted for the outbox in a worker thread


class OutboxActions:
    """Card → outbox → away. Only queued items leave: through the sink (`_deliver`) or the terminal's clipboard."""

    close_reason: str | None = None  # who closed the app, when not the user (Ctrl+Q): "a signal (SIGHUP)"
    delivering: tuple[OutboxItem, ...] = ()  # the items of the delivery under way (one at a time)

    # -- closing while a delivery runs ------------------------------------------------------------

    def on_mount(self) -> None:  # Textual calls this besides TerminusApp.on_mount (each class's, along the MRO)
        from terminus_edge.tui.signals import close_on_signals

        self._undo_signals = close_on_signals(self)

    def on_unmount(self) -> None:
        getattr(self, "_undo_signals", lambda: None)()

    def close_on_signal(self, signum: int) -> None:
        """SIGTERM or SIGHUP (tui/signals.py): close as Ctrl+Q does, saying why (a delivery under way is cancelled
        by "a signal (SIGTERM)"); exit status 128 + signum."""
        from terminus_edge.cancel import by_signal

        self.close_reason = by_signal(signum)
        self.exit(return_code=128 + signum, message=self._farewell(f"closed by {self.close_reason}"))

    # -- queueing ---------------------------------------------------------------------------------

    def action_mark(self) -> None:
        state = self._current_card(finished=True)
        if state is not None:
            self._queue(state, self.pipeline.redact(state.text), raw=False)

    def action_mark_raw(self) -> None:
        state = self._current_card(finished=True)
        if state is None:
            return
        size = 0 if state.queued else self.pipeline.raw_size(state)
        if size < BACKGROUND_BYTES:
            self._queue(state, "" if state.queued else self.pipeline.outgoing_raw(state), raw=True)
        else:
            self.notify(f"Redacting #{state.key}'s {size / 1e6:.1f} MB of output before it is queued…")
            self._queue_raw(state.key)

    @work(thread=True, group="io")
    def _queue_raw(self, key: int) -> None:
        """A big output's cleaning and redaction take seconds (8.9 MB: ~8 s of CPU): not on the UI thread."""
        state = self.cards.state(key)
        if state is not None:
            text = self.pipeline.outgoing_raw(state)
            self.call_from_thread(self._queue_if_not_queued, key, text)

    def _queue_if_not_queued(self, key: int, text: str) -> None:
        state = self.cards.state(key)
        if state is not None and not state.queued:  # meanwhile the user may have queued its summary
            self._queue(state, text, raw=True)

    def _queue(self, state: CardState, text: str, *, raw: bool) -> None:
        if state.queued:  # one item per card: marking again takes it back
            self.outbox.remove_key(state.key)
            self.cards.update_card(replace(state, queued=False))
            self.notify(f"#{state.key} taken out of the outbox.")
        else:
            self.outbox.add(OutboxItem(state.key, state.command, text, raw=raw))
            self.cards.update_card(replace(state, queued=True))
        self._refresh_side()

    def _requeue(self, state: CardState) -> None:
        """A queued card's summary changed (edited, made again): its outbox item says the new one, so what
        leaves is what the card shows. A queued raw output does not change with the summary."""
        item = self.outbox.item_for(state.key)
        if item is not None and not item.raw:
            text = self.pipeline.redact(state.text)
            if text != item.text:
                self.outbox.replace_item(replace(item, text=text))
                self.notify(f"#{state.key} updated in the outbox.")

    # -- outbox actions ---------------------------------------------------------------------------

    def _items(self, delivery: bool = True) -> list[OutboxItem]:
        """What to deliver now; nothing while a delivery runs (a second Enter sent the items twice, into one
        conversation, from two threads)."""
        if delivery and self.delivering:
            self.notify(f"Still sending {len(self.delivering)} item(s) to {self.sink.name}: wait for its answer.",
                        severity="warning")
            return []
        if not self.outbox.items:
            self.notify("The outbox is empty: mark a card with m first.", severity="warning")
        return list(self.outbox.items)

    def action_outbox_send(self) -> None:
        from terminus_edge.tui.remote import run_remote_commands_in

        items = self._items()
        if items:
            run_remote_commands_in(self.sink, getattr(self.query_one("#terminal"), "cwd", None))
            self._deliver(self.sink, items)

    def action_outbox_write(self) -> None:
        items = self._items()
        if items:
            sink = self.sink if isinstance(self.sink, FileSink) else FileSink(default_outbox_path())
            self._deliver(sink, items)

    def _deliver(self, sink: OutboxSink, items: list[OutboxItem]) -> None:
        self.delivering = tuple(items)
        self._refresh_side()
        self._deliver_in_worker(sink, items)

    @work(thread=True, group="io")
    def _deliver_in_worker(self, sink: OutboxSink, items: list[OutboxItem]) -> None:
        """Closing the app (it cancels this worker) cancels a remote delivery under way (remote.cancel_with_worker)."""
        from terminus_edge.errors import TerminusError
        from terminus_edge.tui.remote import cancel_with_worker

        try:
            with cancel_with_worker(sink, lambda: self.close_reason):
                receipt = sink.deliver(items)
        except (TerminusError, OSError) as error:
            self._from_worker(self._not_delivered, f"Not sent: {error}")
            return
        self._from_worker(self._delivered, items, receipt)

    def _not_delivered(self, why: str) -> None:
        self.delivering = ()
        self._refresh_side()
        self.notify(why, severity="error")

    def _from_worker(self, callback, *args, **kwargs) -> None:
        """call_from_thread, unless the app has closed meanwhile (a delivery cancelled by the close ends here)."""
        if not self.is_running:
            return
        try:
            self.call_from_thread(callback, *args, **kwargs)
        except RuntimeError:  # it closed between the check and the call
            pass

    def _take_out(self, key: int) -> None:
        """The card's item leaves the outbox and the card shows it as not queued."""
        self.outbox.remove_key(key)
        state = self.cards.state(key)
        if state is not None:
            self.cards.update_card(replace(state, queued=False))

    def _delivered(self, items: list[OutboxItem], receipt: str) -> None:
        self.delivering = ()
        for item in items:
            self._take_out(item.key)
        self.notify(receipt)
        self._refresh_side()
        reply = getattr(self.sink, "last_reply", "")
        exchange = getattr(self.sink, "last_exchange", "")
        if exchange:  # the approved commands' answers, and any log it read, left the machine too: show them
            reply = f"{reply}\n\n{exchange}"
        if reply and self.sink is not None:
            self.push_screen(RawLogScreen(f"Reply from the main agent ({self.sink.name})", reply))

    def action_outbox_copy(self) -> None:
        items = self._items(delivery=False)
        if items:
            self.copy_to_clipboard(outbox_text(items))
            # OSC 52 gets no answer: whether the terminal took it cannot be known here
            self.notify(f"{len(items)} item(s) sent to the terminal's clipboard (OSC 52); not every terminal accepts it.")

    def action_outbox_remove(self) -> None:
        item = self.outbox.current()
        if item is not None:
            self._take_out(item.key)
            self._refresh_side()
