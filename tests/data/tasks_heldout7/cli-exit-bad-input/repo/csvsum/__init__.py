"""Sum the amount column of a CSV file."""
