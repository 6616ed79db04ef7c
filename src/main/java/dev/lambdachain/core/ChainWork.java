package dev.lambdachain.core;

import java.math.BigInteger;

/**
 * The cumulative proof of work of a chain: the sum of {@link Target#work()} over its blocks after
 * genesis (genesis has no proof of work and every chain of one network shares it). The best chain
 * is the valid one with the most work, counted from the blocks themselves, never a peer's claim.
 *
 * <p>Non-negative and below {@code 2^256}; {@link #plus} throws {@link ArithmeticException} rather
 * than wrap (as bitcoinj's {@code Coin} does for money). Written as a decimal string for JSON
 * ({@link #toString}, {@link #parse}) and as 64 hex digits for storage ({@link #sortKey},
 * {@link #fromSortKey}), whose string order is the numeric order, so it can be a DynamoDB sort key.
 * Sources: Bitcoin Core {@code CBlockIndex::nChainWork} (src/chain.h), bitcoinj {@code StoredBlock}.
 */
public record ChainWork(BigInteger value) implements Comparable<ChainWork> {
    public static final ChainWork ZERO = new ChainWork(BigInteger.ZERO);
    private static final int SORT_KEY_DIGITS = 64;

    /** @throws ArithmeticException when {@code value} is negative or not below 2^256 */
    public ChainWork {
        if (value.signum() < 0 || value.bitLength() > 4 * SORT_KEY_DIGITS) {
            throw new ArithmeticException("chain work must be between 0 and 2^256 - 1, got " + value);
        }
    }

    /** The work of {@code value} hashes; {@link ArithmeticException} outside 0 to {@code 2^256 - 1}. */
    public static ChainWork of(BigInteger value) {
        return new ChainWork(value);
    }

    /** This work plus one more block mined at {@code target}. */
    public ChainWork plus(Target target) {
        return new ChainWork(value.add(target.work()));
    }

    public ChainWork plus(ChainWork other) {
        return new ChainWork(value.add(other.value));
    }


    /** Parses a decimal string as {@link #toString} writes it; {@link InvalidValueException} (invalid) otherwise. */
    public static ChainWork parse(String decimal, String field) {
        if (decimal == null || !decimal.matches("0|[1-9][0-9]{0,77}")) {
            throw new InvalidValueException(field + " must be a non-negative decimal integer without leading zeros");
        }
        try {
            return new ChainWork(new BigInteger(decimal));
        } catch (ArithmeticException e) {
            throw new InvalidValueException(field + " must be below 2^256");
        }
    }

    /** 64 lower-case hex digits, zero-padded: equal length, so string order is numeric order. */
    public String sortKey() {
        String hex = value.toString(16);
        return "0".repeat(SORT_KEY_DIGITS - hex.length()) + hex;
    }

    /** Reads {@link #sortKey}; {@link InvalidValueException} (invalid) unless exactly 64 lower-case hex digits. */
    public static ChainWork fromSortKey(String hex) {
        if (hex == null || !hex.matches("[0-9a-f]{64}")) {
            throw new InvalidValueException("chain work sort key must be 64 lower-case hex digits");
        }
        return new ChainWork(new BigInteger(hex, 16));
    }

    @Override
    public int compareTo(ChainWork other) {
        return value.compareTo(other.value);
    }


    /** The decimal value, for JSON. */
    @Override
    public String toString() {
        return value.toString();
    }
}
