defmodule Shop.MixProject do
  use Mix.Project

  def project do
    [
      app: :shop,
      version: "0.1.0",
      elixir: "~> 1.15",
      start_permanent: Mix.env() == :prod,
      aliases: aliases(),
      deps: deps()
    ]
  end

  defp deps do
    [{:ecto_sql, "~> 3.10"}, {:postgrex, ">= 0.0.0"}, {:credo, "~> 1.7", only: [:dev, :test], runtime: false}]
  end

  defp aliases do
    [
      setup: ["deps.get", "ecto.setup"],
      "ecto.setup": ["ecto.create", "ecto.migrate", "run priv/repo/seeds.exs"],
      "ecto.reset": ["ecto.drop", "ecto.setup"],
      lint: ["format --check-formatted", "credo --strict"],
      fix: ["format", "credo --strict"],
      wipe: ["cmd rm -rf priv/static/assets"],
      ci: ["compile --warnings-as-errors", "lint", "test"]
    ]
  end
end
