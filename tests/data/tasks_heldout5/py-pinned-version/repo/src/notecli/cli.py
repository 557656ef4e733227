import click


@click.group()
def main():
    """Keep short notes in ~/.notes."""


@main.command()
@click.argument("text")
def add(text):
    click.echo(f"added: {text}")
