package dev.lambdachain.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.DigestException;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * Hashes one block header for many nonces with one SHA-256 compression each: the first 64 header
 * bytes are compressed once (the midstate), each attempt compresses only the second 64-byte block,
 * which holds the nonce. The result is the hash as 8 big-endian words, the SHA-256 state itself,
 * so that proof of work is tested without building bytes. One instance per mining thread.
 */
abstract sealed class NonceHasher permits NonceHasher.EngineMidstate, NonceHasher.ClonedDigest {
    static final int FIRST_BLOCK = 64;
    static final int WORDS = 8;
    private static final int NONCE_IN_TAIL = Block.NONCE_OFFSET - FIRST_BLOCK;
    private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT_BE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final String ENGINE_FAILURE = selfTest();

    /**
     * The fastest hasher this JVM passes the self-test for. It hashes any nonce, fastest when
     * called with {@code n}, {@code n + stride}, {@code n + 2 * stride}, ...
     */
    static NonceHasher forStripe(byte[] header, int stride) {
        return ENGINE_FAILURE == null ? new EngineMidstate(header, stride) : new ClonedDigest(header);
    }

    /** Which hasher {@link #forStripe} returns here, and why; for logs and benchmarks. */
    static String description() {
        return ENGINE_FAILURE == null
                ? "JDK SHA-256 engine restarted from the midstate, one compression per nonce (state reached by "
                        + Sha256Engine.route() + ")"
                : "cloned JDK SHA-256 digest per nonce (" + ENGINE_FAILURE + ")";
    }

    /** The header's hash with {@code nonce} as 8 big-endian words; valid until the next call. */
    abstract int[] hash(long nonce);

    static int[] words(byte[] digest) {
        int[] words = new int[WORDS];
        for (int i = 0; i < WORDS; i++) {
            words[i] = (int) INT_BE.get(digest, 4 * i);
        }
        return words;
    }

    /**
     * Null when the engine path hashes exactly like a plain SHA-256 on this JVM, otherwise why not.
     * Several nonces, in and out of stride, because restarting from the midstate must work.
     */
    private static String selfTest() {
        try {
            byte[] header = new byte[Block.HEADER_LENGTH];
            for (int i = 0; i < header.length; i++) {
                header[i] = (byte) (i * 37 + 11);
            }
            EngineMidstate hasher = new EngineMidstate(header, 3);
            for (long nonce : new long[] {0x0102030405060708L, 42, 45, 48, 7, 7}) {
                LONG_BE.set(header, Block.NONCE_OFFSET, nonce);
                if (!Arrays.equals(hasher.hash(nonce), words(Hash.sha256().digest(header)))) {
                    return "engine self-test: midstate hash differs from a plain SHA-256";
                }
            }
            return null;
        } catch (RuntimeException e) {
            return e.toString();
        }
    }

    /**
     * Writes the midstate into the engine's own state and feeds the padded second block through
     * {@link MessageDigest#update}: one intrinsic compression, no copy, no allocation.
     *
     * <p>Two digests take turns: while one compresses nonce {@code n}, the other already holds the
     * midstate and nonce {@code n + stride}. Writing a block and the state right before the
     * compression reads them stalls the CPU (the stores are still in flight when the SHA
     * instructions load them); with the writes one compression earlier, mining runs at the
     * speed of the JDK's back-to-back compressions (measured: 23 M/s with one digest, 31 M/s
     * with two).
     */
    static final class EngineMidstate extends NonceHasher {
        private final Lane[] lanes = new Lane[2];
        private final long stride;
        private int returned;

        EngineMidstate(byte[] header, long stride) {
            Lane first = new Lane(header, null);
            lanes[0] = first;
            lanes[1] = new Lane(header, first.midstate);
            this.stride = stride;
        }

        @Override
        int[] hash(long nonce) {
            Lane compressing = lanes[returned ^ 1];
            Lane consumed = lanes[returned];
            if (compressing.nonce != nonce) {
                compressing.prepare(nonce);
            }
            consumed.prepare(nonce + stride);
            compressing.compress();
            returned ^= 1;
            return compressing.state;
        }

        /** One digest with its block; between {@link #prepare} and {@link #compress} it holds the midstate. */
        private static final class Lane {
            private final MessageDigest digest = Hash.sha256();
            private final int[] state;
            private final int[] midstate;
            private final byte[] block = new byte[FIRST_BLOCK];
            private long nonce;

            Lane(byte[] header, int[] sharedMidstate) {
                digest.update(header, 0, FIRST_BLOCK);
                state = Sha256Engine.chainingState(digest);
                midstate = sharedMidstate == null ? state.clone() : sharedMidstate;
                System.arraycopy(header, FIRST_BLOCK, block, 0, Block.HEADER_LENGTH - FIRST_BLOCK);
                // SHA-256 padding of a 96-byte message: 0x80, zeros, the length in bits (768) big-endian.
                block[Block.HEADER_LENGTH - FIRST_BLOCK] = (byte) 0x80;
                LONG_BE.set(block, FIRST_BLOCK - Long.BYTES, 8L * Block.HEADER_LENGTH);
                nonce = (long) LONG_BE.get(block, NONCE_IN_TAIL);
            }

            void prepare(long next) {
                nonce = next;
                LONG_BE.set(block, NONCE_IN_TAIL, next);
                System.arraycopy(midstate, 0, state, 0, WORDS);
            }

            void compress() {
                digest.update(block, 0, FIRST_BLOCK);
            }
        }
    }

    /**
     * Public API only: clones a digest holding the first 64 bytes and finishes it with the 32-byte
     * tail. Still one compression (the tail and its padding fit one block), plus the clone.
     */
    static final class ClonedDigest extends NonceHasher {
        private final MessageDigest midstate = Hash.sha256();
        private final byte[] tail;
        private final byte[] digest = new byte[Hash.LENGTH];
        private final int[] words = new int[WORDS];

        ClonedDigest(byte[] header) {
            midstate.update(header, 0, FIRST_BLOCK);
            tail = Arrays.copyOfRange(header, FIRST_BLOCK, Block.HEADER_LENGTH);
        }

        @Override
        int[] hash(long nonce) {
            LONG_BE.set(tail, NONCE_IN_TAIL, nonce);
            try {
                MessageDigest attempt = (MessageDigest) midstate.clone();
                attempt.update(tail);
                attempt.digest(digest, 0, Hash.LENGTH);
            } catch (CloneNotSupportedException | DigestException e) {
                throw new IllegalStateException("the JDK's SHA-256 is cloneable and 32 bytes long", e);
            }
            for (int i = 0; i < WORDS; i++) {
                words[i] = (int) INT_BE.get(digest, 4 * i);
            }
            return words;
        }
    }
}
