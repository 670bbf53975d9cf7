"""``python -m searchkit`` runs the CLI."""

from searchkit.cli import app

app(prog_name="searchkit")
