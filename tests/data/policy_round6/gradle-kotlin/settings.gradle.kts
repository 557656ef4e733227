rootProject.name = "weather"
include("app", "lib")
