plugins {
    kotlin("jvm") version "1.9.24" apply false
}

allprojects {
    group = "com.example.weather"
    version = "0.4.0"
}
