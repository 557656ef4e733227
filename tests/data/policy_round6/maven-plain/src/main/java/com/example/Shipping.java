package com.example;

public class Shipping {
    public static int cost(int kilos) { return 5 + 2 * kilos; }
    public static void main(String[] args) { System.out.println(cost(3)); }
}
