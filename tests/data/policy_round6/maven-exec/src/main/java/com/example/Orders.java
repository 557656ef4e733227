package com.example;

public class Orders {
    public static double total(double[] items) {
        double sum = 0;
        for (double item : items) sum += item;
        return sum;
    }
}
