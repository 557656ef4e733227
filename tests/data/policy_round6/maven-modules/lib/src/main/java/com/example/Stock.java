package com.example; public class Stock {}
