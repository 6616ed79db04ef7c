package dev.lambdachain.core;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Proof of work: the header hash must start with {@code difficulty} zero hex digits, checked on
 * the raw digest. The search compares each hash with a {@link Target} (for version 1 headers the
 * exact {@link Target#fromLeadingZeroHexDigits}, which accepts the same hashes; for version 2 the
 * header's compact target), most attempts decided by one compare on the first word. It hashes the fixed first 64 header bytes once (the midstate) and per
 * attempt only the second block that holds the nonce, with the nonces striped over the threads.
 */
public final class ProofOfWork {
    private static final long NOT_FOUND = -1;
    // About half a millisecond of hashing: how late a thread notices the deadline or another's find.
    private static final int CHECK_EVERY = 1 << 14;
    private static final long REPORT_EVERY_MILLIS = 1_000;

    private ProofOfWork() {
    }

    /**
     * True when the hash has at least {@code difficulty} leading zero hex digits: the version 1
     * definition of docs/PROTOCOL.md, kept as written there; TargetTest pins that
     * {@link Target#fromLeadingZeroHexDigits} accepts exactly the same hashes.
     */
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
        return block.target() == null ? meets(block.hash().bytes(), block.difficulty())
                : block.target().isMetBy(block.hash());
    }

    /**
     * Searches nonces for {@code template} until one meets its difficulty or {@code deadlineNanos}
     * (a {@link System#nanoTime()} value) passes. Empty when time ran out.
     */
    public static Optional<Block> search(Block template, int threads, long deadlineNanos) {
        return searchCounting(template, threads, deadlineNanos).block();
    }

    /** {@link #search} for at most {@code budget} from now (measured on the monotonic timer). */
    public static Optional<Block> search(Block template, int threads, java.time.Duration budget) {
        return search(template, threads, System.nanoTime() + Math.max(1, budget.toNanos()));
    }

    /** A search's outcome: the mined block, if any, and the nonces all threads tried. */
    public record Outcome(Optional<Block> block, long attempts) {
    }

    /** How a long search is going: the nonces tried so far, reported from the calling thread. */
    @FunctionalInterface
    public interface Progress {
        Progress NONE = (attempts, elapsedNanos) -> { };

        void tried(long attempts, long elapsedNanos);
    }

    /** {@link #search}, also counting attempts; each thread counts its own and reports at the end. */
    static Outcome searchCounting(Block template, int threads, long deadlineNanos) {
        return searchCounting(template, threads, deadlineNanos, Progress.NONE);
    }

    /**
     * {@link #search} for at most {@code budget}, counting attempts and telling {@code progress}
     * about once a second while it runs (never for a search that ends sooner).
     */
    public static Outcome search(Block template, int threads, java.time.Duration budget, Progress progress) {
        return searchCounting(template, threads, System.nanoTime() + Math.max(1, budget.toNanos()), progress);
    }

    private static Outcome searchCounting(Block template, int threads, long deadlineNanos, Progress progress) {
        NonceSearch search = searchNonce(template.headerBytes(), template.powTarget(), threads, deadlineNanos, progress);
        if (search.nonce() == NOT_FOUND) {
            return new Outcome(Optional.empty(), search.attempts());
        }
        return new Outcome(Optional.of(verified(template.withNonce(search.nonce()))), search.attempts());
    }

    /**
     * Searches nonces for a version 2 header (docs/CONSENSUS.md) until its hash meets its compact
     * target or {@code deadlineNanos} passes; the same hot loop as {@link #search}.
     */
    public static Optional<HeaderV2> search(HeaderV2 template, int threads, long deadlineNanos) {
        NonceSearch search = searchNonce(template.bytes(), template.target(), threads, deadlineNanos, Progress.NONE);
        if (search.nonce() == NOT_FOUND) {
            return Optional.empty();
        }
        HeaderV2 mined = template.withNonce(search.nonce());
        if (!mined.meetsTarget()) {
            throw new IllegalStateException("mined nonce " + mined.nonce() + " fails a plain SHA-256: "
                    + NonceHasher.description());
        }
        return Optional.of(mined);
    }

    /** The nonce found ({@link #NOT_FOUND} if none) and the nonces all threads tried. */
    private record NonceSearch(long nonce, long attempts) {
    }

    private static NonceSearch searchNonce(byte[] header, Target target, int threads, long deadlineNanos,
                                           Progress progress) {
        if (threads < 1) {
            throw new IllegalArgumentException("mining needs at least one thread, got " + threads);
        }
        long started = System.nanoTime();
        AtomicLong found = new AtomicLong(NOT_FOUND);
        LongAdder sofar = new LongAdder();
        long[] attempts = new long[threads];
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int stripe = t;
            workers[t] = new DaemonThreads("pow-" + t).newThread(() -> attempts[stripe] = searchStripe(
                    NonceHasher.forStripe(header, threads), target, stripe, threads, deadlineNanos, found, sofar));
            workers[t].start();
        }
        boolean interrupted = joinAll(workers, () -> progress.tried(sofar.sum(), System.nanoTime() - started));
        long total = 0;
        for (long count : attempts) {
            total += count;
        }
        return new NonceSearch(interrupted ? NOT_FOUND : found.get(), total);
    }

    /** Tries nonces {@code first}, {@code first + stride}, ... and returns how many it tried. */
    private static long searchStripe(NonceHasher hasher, Target target, long first, int stride,
                                     long deadlineNanos, AtomicLong found, LongAdder sofar) {
        long tried = 0;
        // Stops when the nonce overflows: the whole non-negative nonce space is spent.
        for (long nonce = first; nonce >= 0; nonce += stride) {
            tried++;
            if (target.isMetBy(hasher.hash(nonce))) {
                found.compareAndSet(NOT_FOUND, nonce);
                return tried;
            }
            if (tried % CHECK_EVERY == 0) {
                sofar.add(CHECK_EVERY);
            }
            if (tried % CHECK_EVERY == 0
                    && (found.get() != NOT_FOUND || System.nanoTime() - deadlineNanos > 0
                        || Thread.currentThread().isInterrupted())) {
                return tried;
            }
        }
        return tried;
    }

    /**
     * Joins every worker, running {@code report} each second they are still at work, and
     * interrupting them all if this thread is interrupted; true if it was.
     */
    private static boolean joinAll(Thread[] workers, Runnable report) {
        boolean interrupted = false;
        for (Thread worker : workers) {
            while (true) {
                try {
                    worker.join(REPORT_EVERY_MILLIS);
                    if (worker.isAlive()) {
                        report.run();
                        continue;
                    }
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                    for (Thread each : workers) {
                        each.interrupt();
                    }
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return interrupted;
    }

    /**
     * The hot loop restarts the JDK's SHA-256 engine from a midstate it writes itself; one plain
     * SHA-256 per mined block makes sure no JDK change turns that into an invalid block.
     */
    private static Block verified(Block mined) {
        if (!meets(mined)) {
            throw new IllegalStateException("mined nonce " + mined.nonce() + " fails a plain SHA-256: "
                    + NonceHasher.description());
        }
        return mined;
    }
}
