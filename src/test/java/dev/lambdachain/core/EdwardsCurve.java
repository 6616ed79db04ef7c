package dev.lambdachain.core;

import java.math.BigInteger;

/**
 * Just enough edwards25519 arithmetic (RFC 8032 sections 5.1.3 and 5.1.4, affine, BigInteger)
 * to check facts about point encodings independently of BouncyCastle: decoding and the order of
 * small-order points. Slow and not constant-time; tests only.
 */
final class EdwardsCurve {
    static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));
    static final BigInteger D = BigInteger.valueOf(-121665)
            .multiply(BigInteger.valueOf(121666).modInverse(P)).mod(P);
    private static final BigInteger SQRT_MINUS_ONE = BigInteger.TWO.modPow(P.subtract(BigInteger.ONE).shiftRight(2), P);

    record Point(BigInteger x, BigInteger y) {
        static final Point IDENTITY = new Point(BigInteger.ZERO, BigInteger.ONE);
    }

    private EdwardsCurve() {
    }

    /** RFC 8032 section 5.1.3; null when the 32 bytes are not a canonical point encoding. */
    static Point decode(byte[] encoded) {
        byte[] bigEndian = new byte[32];
        for (int i = 0; i < 32; i++) {
            bigEndian[i] = encoded[31 - i];
        }
        boolean sign = (bigEndian[0] & 0x80) != 0;
        bigEndian[0] &= 0x7f;
        BigInteger y = new BigInteger(1, bigEndian);
        if (y.compareTo(P) >= 0) {
            return null;
        }
        BigInteger y2 = y.multiply(y).mod(P);
        BigInteger x2 = y2.subtract(BigInteger.ONE).multiply(D.multiply(y2).add(BigInteger.ONE).modInverse(P)).mod(P);
        if (x2.signum() == 0) {
            return sign ? null : new Point(BigInteger.ZERO, y);
        }
        BigInteger x = x2.modPow(P.add(BigInteger.valueOf(3)).shiftRight(3), P);
        if (!x.multiply(x).mod(P).equals(x2)) {
            x = x.multiply(SQRT_MINUS_ONE).mod(P);
        }
        if (!x.multiply(x).mod(P).equals(x2)) {
            return null;
        }
        if (x.testBit(0) != sign) {
            x = P.subtract(x);
        }
        return new Point(x, y);
    }

    /** RFC 8032 section 5.1.4's addition law (a = -1), affine. */
    static Point add(Point a, Point b) {
        BigInteger xx = a.x().multiply(b.x()).mod(P);
        BigInteger yy = a.y().multiply(b.y()).mod(P);
        BigInteger dxxyy = D.multiply(xx).multiply(yy).mod(P);
        BigInteger x = a.x().multiply(b.y()).add(b.x().multiply(a.y()))
                .multiply(BigInteger.ONE.add(dxxyy).modInverse(P)).mod(P);
        BigInteger y = yy.add(xx).multiply(BigInteger.ONE.subtract(dxxyy).mod(P).modInverse(P)).mod(P);
        return new Point(x, y);
    }

    /** The smallest n in 1, 2, 4, 8 with [n]point the identity, or 0 when there is none. */
    static int smallOrder(Point point) {
        Point multiple = point;
        for (int n = 1; n <= 8; n *= 2) {
            if (multiple.equals(Point.IDENTITY)) {
                return n;
            }
            multiple = add(multiple, multiple);
        }
        return 0;
    }
}
