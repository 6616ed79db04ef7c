package dev.lambdachain.core;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.OperatingSystemMXBean;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * Mining attempts per second of {@link ProofOfWork#search} at an impossible difficulty, next to
 * openssl's SHA-256 limits measured by bench/mining.sh in the same run; prints Markdown.
 *
 * <p>Arguments: openssl's bytes per second for {@code -bytes 8192} and for {@code -bytes 64}.
 * Every rate is given per wall-clock second and per CPU second: openssl divides by CPU time,
 * and on a shared machine the CPU figure is the one other processes cannot depress.
 */
public final class MiningBenchmark {
    private static final int IMPOSSIBLE = 64;
    private static final String SECONDS_TEXT = System.getProperty("bench.seconds", "2");
    private static final double SECONDS = Double.parseDouble(SECONDS_TEXT);
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 5);
    private static final OperatingSystemMXBean OS = ManagementFactory.getPlatformMXBean(OperatingSystemMXBean.class);
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private MiningBenchmark() {
    }

    /** Attempts over wall and CPU nanoseconds; CPU is the whole process's. */
    private record Sample(long attempts, long wallNanos, long cpuNanos) {
        double perSecond() {
            return attempts * 1e9 / wallNanos;
        }

        double perCpuSecond() {
            return attempts * 1e9 / cpuNanos;
        }

        double cpusBusy() {
            return (double) cpuNanos / wallNanos;
        }

        /** How long after its deadline the search returned: how late the threads notice it (ProofOfWork's check interval). */
        double millisPastDeadline() {
            return (wallNanos - SECONDS * 1e9) / 1e6;
        }
    }

    private record Config(int threads, int transactions) {
        String label() {
            return "`search`, " + threads + (threads == 1 ? " thread, " : " threads, ") + transactions
                    + (transactions == 1 ? " transaction" : " transactions");
        }
    }

    public static void main(String[] args) {
        Locale.setDefault(Locale.ROOT);
        double compressionLimit = Double.parseDouble(args[0]) / 64;
        double hashes64 = Double.parseDouble(args[1]) / 64;
        int[] threadCounts = Runtime.getRuntime().availableProcessors() == 1
                ? new int[] {1} : new int[] {1, Runtime.getRuntime().availableProcessors()};

        Map<Config, Sample> medians = measureSearch(threadCounts);
        System.out.printf("Hashing path: %s. UseSHA=%s, UseSHA256Intrinsics=%s. %d rounds of %s s per row, "
                        + "median shown; CPU seconds are the whole JVM's.%n%n",
                NonceHasher.description(), vmOption("UseSHA"), vmOption("UseSHA256Intrinsics"), ROUNDS, SECONDS_TEXT);
        System.out.println("| measured | attempts/s (wall clock) | per CPU second | CPUs busy | ms past the deadline |");
        System.out.println("|---|---:|---:|---:|---:|");
        System.out.printf("| openssl `speed -evp sha256 -bytes 8192` ÷ 64: compression limit of one core | | %s | | |%n",
                millions(compressionLimit));
        System.out.printf("| openssl `speed -evp sha256 -bytes 64`: 64-byte hashes (2 compressions each) | | %s | | |%n",
                millions(hashes64));
        medians.forEach((config, m) -> System.out.printf("| %s | %s | %s | %.2f | %.1f |%n", config.label(),
                millions(m.perSecond()), millions(m.perCpuSecond()), m.cpusBusy(), m.millisPastDeadline()));
        printRatios(medians, threadCounts, compressionLimit, hashes64);
        alternatives(compressionLimit);
        jdkLimits(compressionLimit);
    }

    /** The median sample of each configuration; rounds interleave them so that outside load spreads over all. */
    private static Map<Config, Sample> measureSearch(int[] threadCounts) {
        Map<Integer, Block> templates = Map.of(1, template(1), 1000, template(1000));
        List<Config> configs = new ArrayList<>();
        for (int threads : threadCounts) {
            for (int transactions : new int[] {1, 1000}) {
                configs.add(new Config(threads, transactions));
            }
        }
        for (Config config : configs) {
            measure(templates.get(config.transactions()), config.threads(), 1.0);
        }
        Map<Config, List<Sample>> samples = new LinkedHashMap<>();
        for (int round = 0; round < ROUNDS; round++) {
            for (Config config : configs) {
                samples.computeIfAbsent(config, c -> new ArrayList<>())
                        .add(measure(templates.get(config.transactions()), config.threads(), SECONDS));
            }
        }
        Map<Config, Sample> medians = new LinkedHashMap<>();
        samples.forEach((config, list) -> medians.put(config, median(list)));
        return medians;
    }

    private static void printRatios(Map<Config, Sample> medians, int[] threadCounts, double compressionLimit,
                                    double hashes64) {
        Sample one = medians.get(new Config(1, 1));
        System.out.println();
        System.out.println("| ratio | wall clock | per CPU second |");
        System.out.println("|---|---:|---:|");
        System.out.printf("| 1 thread ÷ compression limit (goal ≥ 50%%) | %s | %s |%n",
                percent(one.perSecond() / compressionLimit), percent(one.perCpuSecond() / compressionLimit));
        System.out.printf("| 1 thread ÷ openssl 64-byte hashes | %.2f× | %.2f× |%n",
                one.perSecond() / hashes64, one.perCpuSecond() / hashes64);
        int cores = threadCounts[threadCounts.length - 1];
        if (cores > 1) {
            Sample all = medians.get(new Config(cores, 1));
            System.out.printf("| %d threads ÷ 1 thread (goal ≥ 1.8×) | %.2f× | %.2f× per CPU, %.2f CPUs busy |%n",
                    cores, all.perSecond() / one.perSecond(), all.perCpuSecond() / one.perCpuSecond(), all.cpusBusy());
        }
        for (int threads : threadCounts) {
            Sample small = medians.get(new Config(threads, 1));
            Sample large = medians.get(new Config(threads, 1000));
            System.out.printf("| 1,000 transactions ÷ 1 transaction, %d thread%s | %.2f | %.2f |%n", threads,
                    threads == 1 ? "" : "s", large.perSecond() / small.perSecond(),
                    large.perCpuSecond() / small.perCpuSecond());
        }
    }

    /**
     * The JDK's own SHA-256 on one thread, without mining: its compression rate when a call feeds
     * many blocks, and when each call feeds one block as mining must.
     */
    private static void jdkLimits(double compressionLimit) {
        System.out.println();
        System.out.println("| JDK SHA-256 alone, 1 thread (no nonce, no midstate restore) "
                + "| compressions per CPU second | ÷ compression limit |");
        System.out.println("|---|---:|---:|");
        for (int bytes : new int[] {8192, 64}) {
            MessageDigest digest = Hash.sha256();
            byte[] data = new byte[bytes];
            updates(digest, data, 1.0);
            double[] rates = new double[3];
            for (int i = 0; i < rates.length; i++) {
                rates[i] = updates(digest, data, SECONDS / 2) * bytes / 64;
            }
            Arrays.sort(rates);
            System.out.printf("| `MessageDigest.update` of %d bytes per call | %s | %s |%n", bytes,
                    millions(rates[1]), percent(rates[1] / compressionLimit));
        }
    }

    /** Calls of {@code update(data)} per CPU second of this thread. */
    private static double updates(MessageDigest digest, byte[] data, double seconds) {
        long cpu = THREADS.getCurrentThreadCpuTime();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long calls = 0;
        while (System.nanoTime() < end) {
            for (int i = 0; i < 1 << 10; i++) {
                digest.update(data);
            }
            calls += 1 << 10;
        }
        return calls * 1e9 / (THREADS.getCurrentThreadCpuTime() - cpu);
    }

    /** The hashers ProofOfWork does not use, on one thread, each timed by its own CPU time. */
    private static void alternatives(double compressionLimit) {
        Map<String, Function<byte[], AlternativeHashers.Hasher>> hashers = new LinkedHashMap<>();
        hashers.put("JDK engine restarted from the midstate (what `search` uses)",
                header -> new NonceHasher.EngineMidstate(header, 1)::hash);
        hashers.put("clone of a digest holding the first 64 bytes, per nonce (the fallback)",
                header -> new NonceHasher.ClonedDigest(header)::hash);
        hashers.put("one digest reused: update(first 64) + update(tail) + digest, 2 compressions",
                AlternativeHashers::reusedDigest);
        hashers.put("hand-written compression in Java, constant rounds and schedule precomputed",
                AlternativeHashers::javaCompression);
        byte[] header = template(1).headerBytes();
        System.out.println();
        System.out.println("| alternative (1 thread, same loop for all, each checked against a plain SHA-256 first) "
                + "| attempts per CPU second | ÷ compression limit |");
        System.out.println("|---|---:|---:|");
        for (Map.Entry<String, Function<byte[], AlternativeHashers.Hasher>> entry : hashers.entrySet()) {
            String checked = checkAgainstPlainSha256(entry.getValue());
            if (checked != null) {
                System.out.printf("| %s | %s | |%n", entry.getKey(), checked);
                continue;
            }
            AlternativeHashers.Hasher hasher = entry.getValue().apply(header);
            spin(hasher, 1.0);
            double[] rates = new double[3];
            for (int i = 0; i < rates.length; i++) {
                rates[i] = spin(hasher, SECONDS / 2);
            }
            Arrays.sort(rates);
            System.out.printf("| %s | %s | %s |%n", entry.getKey(), millions(rates[1]),
                    percent(rates[1] / compressionLimit));
        }
    }

    /** Null when the hasher matches a plain SHA-256 on random headers and nonces, else the failure. */
    private static String checkAgainstPlainSha256(Function<byte[], AlternativeHashers.Hasher> hashers) {
        Random random = new Random(1);
        try {
            for (int h = 0; h < 200; h++) {
                byte[] header = new byte[Block.HEADER_LENGTH];
                random.nextBytes(header);
                AlternativeHashers.Hasher hasher = hashers.apply(header.clone());
                for (int i = 0; i < 20; i++) {
                    long nonce = random.nextLong() & Long.MAX_VALUE;
                    ByteBuffer.wrap(header).putLong(Block.NONCE_OFFSET, nonce);
                    if (!Arrays.equals(NonceHasher.words(Hash.sha256().digest(header)), hasher.hash(nonce))) {
                        throw new IllegalStateException("WRONG HASH for nonce " + nonce);
                    }
                }
            }
            return null;
        } catch (RuntimeException e) {
            return e.getMessage();
        }
    }

    private static double spin(AlternativeHashers.Hasher hasher, double seconds) {
        long cpu = THREADS.getCurrentThreadCpuTime();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long nonce = 0;
        int zeroWords = 0;
        while (System.nanoTime() < end) {
            for (int i = 0; i < 1 << 14; i++) {
                if (hasher.hash(nonce++)[0] == 0) {
                    zeroWords++;
                }
            }
        }
        if (zeroWords > nonce) {
            throw new AssertionError("unreachable; keeps the hash results alive");
        }
        return nonce * 1e9 / (THREADS.getCurrentThreadCpuTime() - cpu);
    }

    private static Sample measure(Block template, int threads, double seconds) {
        long cpu = OS.getProcessCpuTime();
        long start = System.nanoTime();
        ProofOfWork.Outcome outcome = ProofOfWork.searchCounting(template, threads, start + (long) (seconds * 1e9));
        long wall = System.nanoTime() - start;
        if (outcome.block().isPresent()) {
            throw new IllegalStateException("difficulty 64 was met: " + outcome.block().get());
        }
        return new Sample(outcome.attempts(), wall, OS.getProcessCpuTime() - cpu);
    }

    private static Sample median(List<Sample> samples) {
        List<Sample> sorted = new ArrayList<>(samples);
        sorted.sort((a, b) -> Double.compare(a.perSecond(), b.perSecond()));
        return sorted.get(sorted.size() / 2);
    }

    /** A block at difficulty 64 with a coinbase and {@code transactions - 1} payments. */
    private static Block template(int transactions) {
        long time = ChainParams.DEFAULT_GENESIS_TIMESTAMP + 60_000;
        List<Transaction> body = new ArrayList<>();
        body.add(Transaction.coinbase("miner", Amount.of(10), 1, time));
        for (int i = 1; i < transactions; i++) {
            body.add(new Transaction("alice", "bob", Amount.of(i), time - i, 0, null, null));
        }
        return Block.assemble(1, time, Hash.ZERO, IMPOSSIBLE, body);
    }

    private static String vmOption(String name) {
        try {
            return ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).getVMOption(name).getValue();
        } catch (IllegalArgumentException e) {
            return "unknown";
        }
    }

    private static String millions(double perSecond) {
        return String.format("%.2f M", perSecond / 1e6);
    }

    private static String percent(double ratio) {
        return String.format("%.0f %%", 100 * ratio);
    }
}
