lazy val core = project.in(file("core"))
lazy val root = project.in(file(".")).aggregate(core)
addCommandAlias("ci", "; scalafmtCheckAll; +test")
addCommandAlias("release-all", "; +publishSigned; sonatypeBundleRelease")
