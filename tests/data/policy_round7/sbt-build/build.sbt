ThisBuild / scalaVersion := "3.3.3"
ThisBuild / organization := "com.example"

lazy val root = (project in file("."))
  .settings(
    name := "ledger",
    libraryDependencies += "org.scalameta" %% "munit" % "1.0.0" % Test
  )

lazy val resetDb = taskKey[Unit]("Drops the dev database")
resetDb := {
  import scala.sys.process._
  "dropdb ledger_dev".!
}

addCommandAlias("fix", "; scalafmtAll; scalafixAll")
addCommandAlias("check", "; scalafmtCheckAll; test")
addCommandAlias("fresh", "; clean; compile")
