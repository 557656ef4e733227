# Prices in cents, formatted for receipts.
module Price
  module_function

  def format(cents, currency: "EUR")
    units, rest = cents.divmod(100)
    "#{units}.#{rest} #{currency}"
  end

  def total(items)
    items.sum { |item| item[:cents] * item[:qty] }
  end
end
