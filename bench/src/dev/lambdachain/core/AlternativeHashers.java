package dev.lambdachain.core;

import java.security.DigestException;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * Ways to hash a header per nonce that ProofOfWork does not use, kept so the benchmark can show
 * why: each is checked against a plain SHA-256 before it is timed.
 */
final class AlternativeHashers {

    /** A hasher for one header, as {@link NonceHasher}: the hash as 8 big-endian words. */
    interface Hasher {
        int[] hash(long nonce);
    }

    private AlternativeHashers() {
    }

    /**
     * One digest, no clone: {@code update(first 64 bytes)}, {@code update(tail)}, {@code digest()}
     * per nonce. Public API and allocation-free, but two compressions per attempt.
     */
    static Hasher reusedDigest(byte[] header) {
        MessageDigest digest = Hash.sha256();
        byte[] tail = Arrays.copyOfRange(header, 64, Block.HEADER_LENGTH);
        byte[] out = new byte[Hash.LENGTH];
        int[] words = new int[8];
        return nonce -> {
            putLong(tail, Block.NONCE_OFFSET - 64, nonce);
            digest.update(header, 0, 64);
            digest.update(tail);
            try {
                digest.digest(out, 0, out.length);
            } catch (DigestException e) {
                throw new IllegalStateException(e);
            }
            for (int i = 0; i < 8; i++) {
                words[i] = (out[4 * i] << 24) | (out[4 * i + 1] & 0xFF) << 16 | (out[4 * i + 2] & 0xFF) << 8
                        | out[4 * i + 3] & 0xFF;
            }
            return words;
        };
    }

    /**
     * SHA-256 compression written in Java on int[] state, with what is constant per template
     * precomputed: the midstate, rounds 0..5 of the second block (words 0..5 are header bytes
     * 64..87) and schedule words 16..20; words 8..15 are the fixed padding.
     */
    static Hasher javaCompression(byte[] header) {
        return new JavaCompression(header);
    }

    private static void putLong(byte[] target, int offset, long value) {
        for (int i = 7; i >= 0; i--) {
            target[offset + i] = (byte) value;
            value >>>= 8;
        }
    }

    private static final class JavaCompression implements Hasher {
        private static final int[] IV = {
            0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
        private static final int[] K = {
            0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
            0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
            0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
            0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
            0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
            0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
            0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
            0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};
        private static final int CONSTANT_ROUNDS = 6;
        private static final int CONSTANT_SCHEDULE_END = 21;

        private final int[] midstate;
        private final int[] afterConstantRounds;
        private final int[] w = new int[64];
        private final int[] out = new int[8];

        JavaCompression(byte[] header) {
            int[] first = new int[64];
            for (int i = 0; i < 16; i++) {
                first[i] = word(header, 4 * i);
            }
            schedule(first, 16);
            midstate = IV.clone();
            int[] registers = IV.clone();
            rounds(registers, first, 0, 64);
            for (int i = 0; i < 8; i++) {
                midstate[i] += registers[i];
            }
            for (int i = 0; i < CONSTANT_ROUNDS; i++) {
                w[i] = word(header, 64 + 4 * i);
            }
            w[8] = 0x8000_0000;
            w[15] = 8 * Block.HEADER_LENGTH;
            schedule(w, 16, CONSTANT_SCHEDULE_END);
            afterConstantRounds = midstate.clone();
            rounds(afterConstantRounds, w, 0, CONSTANT_ROUNDS);
        }

        @Override
        public int[] hash(long nonce) {
            w[6] = (int) (nonce >>> 32);
            w[7] = (int) nonce;
            schedule(w, CONSTANT_SCHEDULE_END);
            System.arraycopy(afterConstantRounds, 0, out, 0, 8);
            rounds(out, w, CONSTANT_ROUNDS, 64);
            for (int i = 0; i < 8; i++) {
                out[i] += midstate[i];
            }
            return out;
        }

        private static int word(byte[] b, int at) {
            return b[at] << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | b[at + 3] & 0xFF;
        }

        private static void schedule(int[] w, int from) {
            schedule(w, from, 64);
        }

        private static void schedule(int[] w, int from, int to) {
            for (int t = from; t < to; t++) {
                int x = w[t - 15];
                int y = w[t - 2];
                int s0 = Integer.rotateRight(x, 7) ^ Integer.rotateRight(x, 18) ^ x >>> 3;
                int s1 = Integer.rotateRight(y, 17) ^ Integer.rotateRight(y, 19) ^ y >>> 10;
                w[t] = w[t - 16] + s0 + w[t - 7] + s1;
            }
        }

        private static void rounds(int[] r, int[] w, int from, int to) {
            int a = r[0], b = r[1], c = r[2], d = r[3], e = r[4], f = r[5], g = r[6], h = r[7];
            for (int t = from; t < to; t++) {
                int s1 = Integer.rotateRight(e, 6) ^ Integer.rotateRight(e, 11) ^ Integer.rotateRight(e, 25);
                int t1 = h + s1 + (e & f ^ ~e & g) + K[t] + w[t];
                int s0 = Integer.rotateRight(a, 2) ^ Integer.rotateRight(a, 13) ^ Integer.rotateRight(a, 22);
                int t2 = s0 + (a & b ^ a & c ^ b & c);
                h = g;
                g = f;
                f = e;
                e = d + t1;
                d = c;
                c = b;
                b = a;
                a = t1 + t2;
            }
            r[0] = a;
            r[1] = b;
            r[2] = c;
            r[3] = d;
            r[4] = e;
            r[5] = f;
            r[6] = g;
            r[7] = h;
        }
    }
}
