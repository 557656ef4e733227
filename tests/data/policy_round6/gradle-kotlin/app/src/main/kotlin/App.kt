package com.example.weather
fun main() = println("weather")
