defmodule Mixed.MixProject do
  use Mix.Project
  def project, do: [app: :mixed, version: "0.1.0", aliases: aliases()]
  defp aliases do
    [
      quality: ["format --check-formatted", "credo --strict", "dialyzer"],
      "assets.build": ["cmd npm run build --prefix assets"],
      "assets.clean": ["cmd rm -rf priv/static/assets"]
    ]
  end
end
