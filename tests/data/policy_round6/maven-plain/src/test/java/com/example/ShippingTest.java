package com.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import org.junit.jupiter.api.Test;

class ShippingTest {
    @Test void costGrowsWithWeight() { assertEquals(11, Shipping.cost(3)); }
}
