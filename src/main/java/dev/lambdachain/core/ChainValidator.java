package dev.lambdachain.core;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Replays a whole chain from genesis through {@link BlockValidator} and reports the first bad
 * height. Blocks arrive through an iterator so a store can page them in.
 */
public final class ChainValidator {
    private final BlockValidator blocks;

    public ChainValidator(BlockValidator blocks) {
        this.blocks = blocks;
    }

    /** The outcome: valid with the chain's length, or the first bad height and why. */
    public record Result(boolean valid, long length, long height, String error) {
        static Result ok(long length) {
            return new Result(true, length, -1, null);
        }
    }

    public Result validate(Iterator<Block> chain, long nowMillis) {
        return validate(chain, nowMillis, 1);
    }

    public Result validate(Iterator<Block> chain, long nowMillis, int threads) {
        return validate(chain, Function.identity(), nowMillis, threads);
    }

    /**
     * Validates blocks as they arrive encoded (JSON from a store or a peer) with {@code threads}
     * threads: decoding and the self-contained checks of blocks ahead (transaction ids, proof of
     * work, Merkle roots) run in parallel while this thread applies blocks to the ledger in
     * order, so the first bad height reported is the same as with one thread.
     */
    public <T> Result validate(Iterator<T> chain, Function<T, Block> decode, long nowMillis, int threads) {
        return validate(chain, decode, nowMillis, threads, Ledger.empty());
    }

    /** As above, replaying into {@code ledger}, which the caller can then compare with stored balances. */
    public <T> Result validate(Iterator<T> chain, Function<T, Block> decode, long nowMillis, int threads,
                               Ledger ledger) {
        if (!chain.hasNext()) {
            return new Result(false, 0, 0, "the chain is empty: no genesis block");
        }
        ExecutorService pool = threads > 1 ? Executors.newFixedThreadPool(threads, new DaemonThreads("validate")) : null;
        Deque<Future<Block>> ahead = new ArrayDeque<>();
        int window = Math.max(1, threads) * READ_AHEAD_PER_THREAD;
        Block parent = null;
        long length = 0;
        // the target rule of a retargeting chain reads the timestamp a period below each retarget
        Timestamps timestamps = new Timestamps();
        try {
            while (chain.hasNext() || !ahead.isEmpty()) {
                while (chain.hasNext() && ahead.size() < window) {
                    T encoded = chain.next();
                    boolean first = length == 0 && ahead.isEmpty();
                    ahead.add(check(() -> {
                        Block block = decode.apply(encoded);
                        if (!first) {
                            blocks.verifyContents(block);
                        }
                        return block;
                    }, pool));
                }
                Block block = await(ahead.poll(), length);
                if (parent == null) {
                    blocks.verifyGenesis(block);
                } else {
                    blocks.verifyInContext(block, parent, timestamps, ledger, nowMillis);
                }
                timestamps.add(block.timestamp());
                ledger.apply(block);
                parent = block;
                length++;
            }
        } catch (VerificationException e) {
            return new Result(false, length, e.height(), e.getMessage());
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
        return Result.ok(length);
    }

    private static final int READ_AHEAD_PER_THREAD = 32;

    /** The timestamps of the blocks replayed so far, by height: the ancestors the target rule reads. */
    private static final class Timestamps implements CalculatedTargetRule.Ancestors {
        private long[] byHeight = new long[1024];
        private int size;

        void add(long timestamp) {
            if (size == byHeight.length) {
                byHeight = java.util.Arrays.copyOf(byHeight, Math.multiplyExact(2, size));
            }
            byHeight[size++] = timestamp;
        }

        @Override
        public long timestampAt(long height) {
            return byHeight[Math.toIntExact(height)];
        }
    }

    private static Future<Block> check(Callable<Block> work, ExecutorService pool) {
        if (pool != null) {
            return pool.submit(work);
        }
        CompletableFuture<Block> done = new CompletableFuture<>();
        try {
            done.complete(work.call());
        } catch (Exception e) {
            done.completeExceptionally(e);
        }
        return done;
    }

    /** The checked block, or the rule it broke; a block that cannot even be decoded is bad at its height. */
    private static Block await(Future<Block> checked, long height) {
        try {
            return checked.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof VerificationException v) {
                throw v;
            }
            if (e.getCause() instanceof InvalidValueException n) {
                throw new VerificationException(height, n.getMessage());
            }
            throw new IllegalStateException("block check failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while validating", e);
        }
    }
}
