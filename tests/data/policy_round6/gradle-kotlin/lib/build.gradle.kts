plugins {
    kotlin("jvm")
}

repositories { mavenCentral() }

dependencies {
    testImplementation(kotlin("test"))
}

val purge by tasks.registering(Delete::class) {
    delete("cache")
}

tasks.test {
    useJUnitPlatform()
    doFirst {
        project.delete("fixtures/out")
    }
}
