package dev.lambdachain.core;

import java.security.DigestException;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Proof of work: the header hash must start with {@code difficulty} zero hex digits, checked on
 * the raw digest. The search hashes the fixed first 64 header bytes once (the midstate) and per
 * attempt only the 32-byte tail that holds the nonce, spread over several threads.
 */
public final class ProofOfWork {
    private static final int FIRST_BLOCK = 64;
    private static final int CHECK_DEADLINE_EVERY = 1 << 16;

    private ProofOfWork() {
    }

    /** True when the hash has at least {@code difficulty} leading zero hex digits. */
    public static boolean meets(byte[] hash, int difficulty) {
        int fullBytes = difficulty / 2;
        for (int i = 0; i < fullBytes; i++) {
            if (hash[i] != 0) {
                return false;
            }
        }
        return difficulty % 2 == 0 || (hash[fullBytes] & 0xF0) == 0;
    }

    public static boolean meets(Block block) {
        return meets(block.hash().bytes(), block.difficulty());
    }

    /**
     * Searches nonces for {@code template} until one meets its difficulty or {@code deadlineNanos}
     * (a {@link System#nanoTime()} value) passes. Empty when time ran out.
     */
    public static Optional<Block> search(Block template, int threads, long deadlineNanos) {
        byte[] header = template.headerBytes();
        MessageDigest midstate = Hash.sha256();
        midstate.update(header, 0, FIRST_BLOCK);
        AtomicReference<Long> found = new AtomicReference<>();
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            long first = t;
            workers[t] = new Thread(() -> searchStripe(midstate, header, template.difficulty(), first,
                    threads, deadlineNanos, found), "pow-" + t);
            workers[t].setDaemon(true);
            workers[t].start();
        }
        try {
            for (Thread worker : workers) {
                worker.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            for (Thread worker : workers) {
                worker.interrupt();
            }
            return Optional.empty();
        }
        Long nonce = found.get();
        return nonce == null ? Optional.empty() : Optional.of(template.withNonce(nonce));
    }

    private static void searchStripe(MessageDigest midstate, byte[] header, int difficulty, long first,
                                      long stride, long deadlineNanos, AtomicReference<Long> found) {
        byte[] tail = java.util.Arrays.copyOfRange(header, FIRST_BLOCK, Block.HEADER_LENGTH);
        int nonceAt = Block.NONCE_OFFSET - FIRST_BLOCK;
        byte[] digest = new byte[Hash.LENGTH];
        MessageDigest base;
        try {
            base = (MessageDigest) midstate.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's SHA-256 is cloneable", e);
        }
        long count = 0;
        for (long nonce = first; nonce >= 0; nonce += stride) {
            putLong(tail, nonceAt, nonce);
            try {
                MessageDigest attempt = (MessageDigest) base.clone();
                attempt.update(tail);
                attempt.digest(digest, 0, Hash.LENGTH);
            } catch (CloneNotSupportedException | DigestException e) {
                throw new IllegalStateException("SHA-256 failed", e);
            }
            if (meets(digest, difficulty)) {
                found.compareAndSet(null, nonce);
                return;
            }
            if (++count % CHECK_DEADLINE_EVERY == 0
                    && (found.get() != null || System.nanoTime() - deadlineNanos > 0
                        || Thread.currentThread().isInterrupted())) {
                return;
            }
        }
    }

    private static void putLong(byte[] target, int offset, long value) {
        for (int i = 7; i >= 0; i--) {
            target[offset + i] = (byte) value;
            value >>>= 8;
        }
    }
}
