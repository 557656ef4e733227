plugins {
    kotlin("jvm")
    application
}

repositories { mavenCentral() }

dependencies {
    implementation(project(":lib"))
    testImplementation(kotlin("test"))
}

application {
    mainClass.set("com.example.weather.AppKt")
}

tasks.register<Exec>("seed") {
    workingDir = rootDir
    commandLine("psql", "-d", "weather", "-c", "TRUNCATE readings")
}

tasks.named("check") {
    dependsOn("seed")
}

tasks.test {
    useJUnitPlatform()
}
