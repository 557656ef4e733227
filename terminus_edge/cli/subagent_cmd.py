"""`terminus-edge subagent "query"`: answer a request by running commands (a thin wrapper over the loop)."""

from __future__ import annotations

import sys

import click


@click.command()
@click.argument("query")
@click.option("--description", default="", help="A short label for the request (shown to the user).")
@click.option("--bundle", default=None, type=click.Path(file_okay=False), help="Model bundle (default: the default bundle).")
@click.option("--no-model", is_flag=True, help="No model: rules plan, summaries are deterministic.")
@click.option("--planner", type=click.Choice(["auto", "model", "rules"]), default="auto", show_default=True,
              help="Who picks the commands: auto lets a tool-calling model plan and the rules plan otherwise.")
@click.option("--cwd", "cwd", default=None, type=click.Path(exists=True, file_okay=False),
              help="Project directory to run in (default: the current directory).")
@click.option("--budget-s", "budget_s", default=None, type=click.FloatRange(min=1),
              help="Wall-clock budget for the whole request, in seconds.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as one JSON object.")
def subagent(query, description, bundle, no_model, planner, cwd, budget_s, as_json) -> None:
    """Run the commands a request needs in --cwd and print the final answer (Command:/Summary: blocks)."""
    import json

    from terminus_edge.cancel import Cancel, StillStopping, cancelled_by, exit_status, run_interruptible
    from terminus_edge.errors import TerminusError
    from terminus_edge.subagent.loop import execution_subagent

    if no_model and bundle:
        raise TerminusError("--bundle and --no-model exclude each other")
    if no_model and planner == "model":
        raise TerminusError("--planner model needs a model; drop --no-model or use --planner rules")
    model = None
    if not no_model:
        from terminus_edge.cli.run_cmd import pick_model

        try:
            model, note = pick_model(bundle, False)
        except KeyboardInterrupt:
            click.echo("terminus-edge: subagent cancelled by the user (Ctrl-C) while the model was loading; "
                       "nothing ran", err=True)
            sys.exit(130)
        if note:
            click.echo(f"terminus-edge: {note}", err=True)
        if model is None and planner == "model":
            raise TerminusError("--planner model needs a model, and none could be loaded")
    # Ctrl-C (SIGTERM, SIGHUP) cancels the whole run as an MCP client's cancel does: the command's group ends,
    # a model call stops within a decode step, no further step starts, the logs are kept and marked cancelled.
    cancel = Cancel()
    try:
        result = run_interruptible(lambda: execution_subagent(query, description, cwd=cwd, model=model,
                                                              planner=planner, budget_s=budget_s, cancel=cancel),
                                   cancel)
    except StillStopping as error:
        click.echo(f"terminus-edge: subagent cancelled by {cancelled_by(cancel)}; {error} (its logs: "
                   "terminus-edge logs list --cancelled)", err=True)
        sys.exit(exit_status(cancel))
    if cancel.is_set():
        click.echo(cancelled_line(result, cancelled_by(cancel)), err=True)
        sys.exit(exit_status(cancel))
    if as_json:
        click.echo(json.dumps({"answer": result.answer, "commands": result.commands, "exit_codes": result.exit_codes,
                               "turns": result.turns, "latency_ms": round(result.latency_ms, 1),
                               "log_ids": result.log_ids, "planner": result.planner}, ensure_ascii=False))
    else:
        click.echo(result.answer)


def cancelled_line(result, by: str) -> str:
    """One line for a run a cancel cut short: who cancelled, what it stopped, where the logs are."""
    stopped = [r for r in result.records if (r.facts or {}).get("cancelled")]
    before = [r.log_id for r in result.records if r.log_id is not None and all(r is not s for s in stopped)]
    line = f"terminus-edge: subagent cancelled by {by} after {result.latency_ms / 1000:.1f} s"
    if stopped:
        record = stopped[0]
        command = " ".join(record.command.split())  # one line, however the command was written
        command = command if len(command) <= 80 else command[:77] + "..."
        line += (f": `{command}` was stopped (exit {record.exit_code}); its log: terminus-edge logs show "
                 f"{record.log_id}")
    else:
        line += ", between its steps" if before else ", before any command ran"
    if before:
        plural = "s" * (len(before) != 1)
        line += f"; logs of the {len(before)} command{plural} run before: {', '.join(map(str, before))}"
    return line
