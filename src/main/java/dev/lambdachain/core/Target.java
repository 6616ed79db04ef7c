package dev.lambdachain.core;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;

/**
 * A proof-of-work target: a 256-bit unsigned number that a block hash, read as an unsigned
 * big-endian number (its 32 bytes in order, as its hex is written), must not exceed. A smaller
 * target is harder. Immutable; equal values are equal targets.
 *
 * <p>Two families (docs/CONSENSUS.md): {@link #fromLeadingZeroHexDigits} gives the exact target
 * {@code 2^(256-4d) - 1} of version 1 headers, which accepts exactly the hashes with at least
 * {@code d} leading zero hex digits; {@link #ofCompact} reads the 32-bit compact form ("nBits") that
 * version 2 headers carry, which can only hold values with at most 23 significant bits followed by
 * zero bytes. Retargeting always yields a compact value, so every node computes the same bits.
 *
 * <p>Sources: bitcoinj {@code org.bitcoinj.base.Difficulty} (compact form, {@code isMetByWork} as a
 * comparison on the raw hash), Bitcoin Core {@code arith_uint256::SetCompact}/{@code GetCompact}
 * (src/arith_uint256.cpp) and {@code GetBlockProof} (src/chain.cpp, work = 2^256 / (target + 1)).
 */
public final class Target extends ByteValue implements Comparable<Target> {
    /** Bytes of a target and of the hashes it is compared with. */
    public static final int BYTES = 32;
    private static final int WORDS = BYTES / Integer.BYTES;
    private static final int SIGN_BIT = 0x0080_0000;
    private static final int MANTISSA = 0x007F_FFFF;
    private static final BigInteger TWO_TO_256 = BigInteger.ONE.shiftLeft(256);
    private static final HexFormat HEX = HexFormat.of();
    private static final Target[] LEADING_ZERO_HEX_DIGITS = new Target[65];

    static {
        for (int digits = 0; digits <= 64; digits++) {
            byte[] bytes = new byte[BYTES];
            Arrays.fill(bytes, digits / 2, BYTES, (byte) 0xFF);
            if (digits % 2 == 1) {
                bytes[digits / 2] = 0x0F;
            }
            LEADING_ZERO_HEX_DIGITS[digits] = new Target(bytes);
        }
    }

    private final int[] words;
    // words[0] with the sign bit flipped, so that a signed compare orders it as unsigned.
    private final int firstWordBiased;

    private Target(byte[] bytes) {
        super(bytes);
        this.words = new int[WORDS];
        ByteBuffer.wrap(bytes).asIntBuffer().get(words);
        this.firstWordBiased = words[0] ^ Integer.MIN_VALUE;
    }

    /**
     * The target of version 1 headers at difficulty {@code digits}: {@code 2^(256 - 4 * digits) - 1},
     * met exactly by the hashes with at least {@code digits} leading zero hex digits. Not compact
     * for most {@code digits} (see {@link #roundedToCompact}). Throws {@link IllegalArgumentException}
     * outside 0..64.
     */
    public static Target fromLeadingZeroHexDigits(int digits) {
        if (digits < 0 || digits > 64) {
            throw new IllegalArgumentException("leading zero hex digits must be between 0 and 64, got " + digits);
        }
        return LEADING_ZERO_HEX_DIGITS[digits];
    }

    /**
     * Any value from 0 to {@code 2^256 - 1}, kept exactly. Throws {@link InvalidValueException} (invalid)
     * for a negative value or one of more than 256 bits.
     */
    public static Target of(BigInteger value) {
        if (value.signum() < 0 || value.bitLength() > 8 * BYTES) {
            throw new InvalidValueException("a target is a 256-bit unsigned number, got " + value.toString(16));
        }
        byte[] bytes = new byte[BYTES];
        byte[] magnitude = value.toByteArray(); // big-endian, maybe with a leading sign byte 0
        int length = Math.min(magnitude.length, BYTES);
        System.arraycopy(magnitude, magnitude.length - length, bytes, BYTES - length, length);
        return new Target(bytes);
    }

    /**
     * Decodes the compact form {@code bits}: the top byte is the length in bytes of the value, the
     * low 23 bits its most significant bits, bit 23 a sign. As in Bitcoin Core's {@code SetCompact},
     * except that it is strict, so that one target has exactly one encoding: a set sign bit, a value
     * above 256 bits and any encoding other than the one {@link #toCompact} gives (a mantissa that
     * could shift left, as {@code 0x04000080} for {@code 0x8000}, which is {@code 0x03008000}; low
     * mantissa bits that a short length drops) are refused with {@link InvalidValueException} (invalid).
     */
    public static Target ofCompact(int bits) {
        if ((bits & SIGN_BIT) != 0) {
            throw new InvalidValueException("compact target " + compactHex(bits) + " has the sign bit set");
        }
        int size = bits >>> 24;
        int mantissa = bits & MANTISSA;
        BigInteger value = size <= 3
                ? BigInteger.valueOf(mantissa >>> (8 * (3 - size)))
                : BigInteger.valueOf(mantissa).shiftLeft(8 * (size - 3));
        if (value.bitLength() > 8 * BYTES) {
            throw new InvalidValueException("compact target " + compactHex(bits) + " is above 2^256");
        }
        Target target = of(value);
        int canonical = target.toCompact();
        if (canonical != bits) {
            throw new InvalidValueException("compact target " + compactHex(bits) + " is not in canonical form; "
                    + "the same value is " + compactHex(canonical));
        }
        return target;
    }

    /**
     * The compact form of the largest compact value not above this one (Bitcoin Core's
     * {@code GetCompact}: the value is truncated to its three most significant bytes, or two when
     * the third would set the sign bit).
     */
    public int toCompact() {
        BigInteger value = value();
        int size = (value.bitLength() + 7) / 8;
        long mantissa = size <= 3
                ? value.longValue() << (8 * (3 - size))
                : value.shiftRight(8 * (size - 3)).longValue();
        if ((mantissa & SIGN_BIT) != 0) {
            mantissa >>>= 8;
            size++;
        }
        return (int) (mantissa | ((long) size << 24));
    }

    /** The largest compact target not above this one; this target itself when {@link #isCompact}. */
    public Target roundedToCompact() {
        return ofCompact(toCompact());
    }

    /** True when the compact form holds this value exactly. */
    public boolean isCompact() {
        return roundedToCompact().equals(this);
    }

    /** The value, 0 to {@code 2^256 - 1}. */
    public BigInteger value() {
        return new BigInteger(1, raw());
    }

    /**
     * The expected number of hashes to meet this target: {@code floor(2^256 / (target + 1))}, as in
     * Bitcoin Core's {@code GetBlockProof}. {@code 16^d} for {@link #fromLeadingZeroHexDigits}(d);
     * 4295032833 for Bitcoin's {@code 0x1d00ffff}; {@code 2^256} for the target 0.
     */
    public BigInteger work() {
        return TWO_TO_256.divide(value().add(BigInteger.ONE));
    }

    /**
     * True when {@code hash} (32 bytes, unsigned big-endian) is at most this target. No hex, no
     * allocation. Throws {@link IllegalArgumentException} for another length.
     */
    public boolean isMetBy(byte[] hash) {
        if (hash.length != BYTES) {
            throw new IllegalArgumentException("a hash has 32 bytes, got " + hash.length);
        }
        return Arrays.compareUnsigned(hash, raw()) <= 0;
    }

    public boolean isMetBy(Hash hash) {
        return isMetBy(hash.bytes());
    }

    /**
     * The mining check on a hash given as 8 big-endian words (the SHA-256 state, see
     * {@link NonceHasher}): almost every attempt is decided by one compare on the first word.
     */
    boolean isMetBy(int[] hashWords) {
        int first = hashWords[0] ^ Integer.MIN_VALUE;
        if (first != firstWordBiased) {
            return first < firstWordBiased;
        }
        for (int i = 1; i < WORDS; i++) {
            if (hashWords[i] != words[i]) {
                return Integer.compareUnsigned(hashWords[i], words[i]) < 0;
            }
        }
        return true;
    }

    /** 64 lower-case hex digits. */
    public String hex() {
        return HEX.formatHex(raw());
    }

    /** A compact form as 8 lower-case hex digits, as Bitcoin writes nBits. */
    public static String compactHex(int bits) {
        return String.format(Locale.ROOT, "%08x", bits);
    }

    @Override
    public int compareTo(Target other) {
        return Arrays.compareUnsigned(raw(), other.raw());
    }


    /** The compact form and the value when compact ({@code 1f00ffff = 0000ffff00...}), else the value. */
    @Override
    public String toString() {
        return isCompact() ? compactHex(toCompact()) + " = " + hex() : hex();
    }
}
