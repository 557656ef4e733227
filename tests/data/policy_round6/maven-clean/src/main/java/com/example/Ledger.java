package com.example; public class Ledger {}
