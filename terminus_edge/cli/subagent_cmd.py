"""`terminus-edge subagent "query"`: answer a request by running commands (a thin wrapper over the loop)."""

from __future__ import annotations

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

    from terminus_edge.errors import TerminusError
    from terminus_edge.subagent.loop import execution_subagent

    if no_model and bundle:
        raise TerminusError("--bundle and --no-model exclude each other")
    if no_model and planner == "model":
        raise TerminusError("--planner model needs a model; drop --no-model or use --planner rules")
    model = None
    if not no_model:
        from terminus_edge.cli.run_cmd import pick_model

        model, note = pick_model(bundle, False)
        if note:
            click.echo(f"terminus-edge: {note}", err=True)
        if model is None and planner == "model":
            raise TerminusError("--planner model needs a model, and none could be loaded")
    result = execution_subagent(query, description, cwd=cwd, model=model, planner=planner, budget_s=budget_s)
    if as_json:
        click.echo(json.dumps({"answer": result.answer, "commands": result.commands, "exit_codes": result.exit_codes,
                               "turns": result.turns, "latency_ms": round(result.latency_ms, 1),
                               "log_ids": result.log_ids, "planner": result.planner}, ensure_ascii=False))
    else:
        click.echo(result.answer)
