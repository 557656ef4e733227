package com.example; public class LedgerGenerated {}
