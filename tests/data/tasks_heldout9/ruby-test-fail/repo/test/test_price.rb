require "minitest/autorun"
require_relative "../lib/price"

class TestPrice < Minitest::Test
  def test_format_whole
    assert_equal "12.50 EUR", Price.format(1250)
  end

  def test_format_small_cents
    assert_equal "3.05 EUR", Price.format(305)
  end

  def test_total
    assert_equal 700, Price.total([{ cents: 150, qty: 2 }, { cents: 400, qty: 1 }])
  end
end
