package com.example;

public class Inventory {
    public static void main(String[] args) { System.out.println("inventory"); }
}
