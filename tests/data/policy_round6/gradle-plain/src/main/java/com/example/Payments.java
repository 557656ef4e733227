package com.example;

public final class Payments {
    private Payments() {}
    public static long fee(long cents) { return Math.max(30, cents / 40); }
}
