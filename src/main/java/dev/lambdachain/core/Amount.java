package dev.lambdachain.core;

/**
 * A quantity of coins in the smallest unit. Never a float: arithmetic is exact and
 * overflow throws instead of wrapping.
 */
public record Amount(long units) implements Comparable<Amount> {
    public static final Amount ZERO = new Amount(0);

    public Amount {
        if (units < 0) {
            throw new InvalidValueException("an amount cannot be negative: " + units);
        }
    }

    public static Amount of(long units) {
        return new Amount(units);
    }

    /** A transferable amount: a whole number of units, at least 1. */
    public static Amount positive(long units, String field) {
        if (units <= 0) {
            throw new InvalidValueException(field + " must be a positive whole number of units, got " + units);
        }
        return new Amount(units);
    }

    public Amount plus(Amount other) {
        return new Amount(Math.addExact(units, other.units));
    }

    public Amount minus(Amount other) {
        return new Amount(Math.subtractExact(units, other.units));
    }

    public boolean isLessThan(Amount other) {
        return units < other.units;
    }

    @Override
    public int compareTo(Amount other) {
        return Long.compare(units, other.units);
    }

    @Override
    public String toString() {
        return Long.toString(units);
    }
}
