package com.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import org.junit.jupiter.api.Test;

class PaymentsTest {
    @Test void minimumFee() { assertEquals(30, Payments.fee(100)); }
}
