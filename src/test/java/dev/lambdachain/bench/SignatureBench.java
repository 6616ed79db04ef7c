package dev.lambdachain.bench;

import dev.lambdachain.core.Address;
import dev.lambdachain.core.Ed25519;
import dev.lambdachain.core.Ed25519PublicKey;
import dev.lambdachain.core.Ed25519Signer;
import dev.lambdachain.core.Hash;
import dev.lambdachain.core.TransactionSigning;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Ed25519 benchmark (bench/signatures.sh): KEYS keys each sign one v2 transaction (195 bytes),
 * then one thread verifies them round-robin for SECONDS per round, ROUNDS rounds, and the
 * median rate is printed as a Markdown table, per wall-clock second and per CPU second of the
 * measuring thread (other processes on a shared machine lower the first, not the second).
 * Verification is timed through the node's {@link Ed25519} (BouncyCastle) and, side by side,
 * through the JDK's own provider, which the node used before. Also timed, the same way:
 * parsing a public key from hex (BouncyCastle decodes the point), deriving an address, signing.
 */
public final class SignatureBench {
    private SignatureBench() {
    }

    public static void main(String[] args) {
        int keys = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 2;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        SecureRandom random = new SecureRandom();
        Hash genesis = Hash.of(new byte[]{42});
        List<Ed25519Signer> signers = new ArrayList<>();
        List<byte[]> messages = new ArrayList<>();
        List<byte[]> signatures = new ArrayList<>();
        List<String> keyHex = new ArrayList<>();
        for (int i = 0; i < keys; i++) {
            Ed25519Signer signer = Ed25519Signer.generate(random);
            byte[] message = TransactionSigning.canonicalBytes(genesis, Address.fromPublicKey(signer.publicKey()),
                    "bob", 1 + i, 1_700_000_000_000L + i, i, signer.publicKey());
            signers.add(signer);
            messages.add(message);
            signatures.add(signer.sign(message));
            keyHex.add(signer.publicKey().hex());
        }
        List<Ed25519PublicKey> publicKeys = signers.stream().map(Ed25519Signer::publicKey).toList();
        Operation verify = i -> {
            if (!Ed25519.verify(publicKeys.get(i), messages.get(i), signatures.get(i))) {
                throw new IllegalStateException("a valid signature did not verify");
            }
        };
        List<PublicKey> jdkKeys = keyHex.stream().map(SignatureBench::jdkKey).toList();
        Operation jdkVerify = i -> {
            if (!jdkVerify(jdkKeys.get(i), messages.get(i), signatures.get(i))) {
                throw new IllegalStateException("a valid signature did not verify with the JDK");
            }
        };
        Operation parseKey = i -> Ed25519PublicKey.parse(keyHex.get(i), "public_key");
        Operation address = i -> Address.fromPublicKey(publicKeys.get(i));
        Operation sign = i -> signers.get(i).sign(messages.get(i));
        System.out.printf("%d keys, 195-byte v2 transaction bytes, 1 thread, %d rounds of %.1f s, median shown%n%n",
                keys, rounds, seconds);
        System.out.println("| operation | per second (wall clock) | per CPU second | µs of CPU each |");
        System.out.println("|---|---:|---:|---:|");
        row("Ed25519.verify (BouncyCastle, key already parsed)", verify, keys, seconds, rounds);
        row("JDK provider verify, for comparison (key already parsed)", jdkVerify, keys, seconds, rounds);
        row("Ed25519PublicKey.parse (hex, point decoded by BouncyCastle)", parseKey, keys, seconds, rounds);
        row("Address.fromPublicKey", address, keys, seconds, rounds);
        row("Ed25519Signer.sign", sign, keys, seconds, rounds);
    }

    /** The JDK's Ed25519 key for raw bytes: X.509 with RFC 8410's fixed 12-byte prefix. */
    private static PublicKey jdkKey(String hex) {
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(
                    new X509EncodedKeySpec(HexFormat.of().parseHex("302a300506032b6570032100" + hex)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK refused a key BouncyCastle accepted", e);
        }
    }

    private static boolean jdkVerify(PublicKey key, byte[] message, byte[] signature) {
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key);
            verifier.update(message);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK's Ed25519 failed on a valid signature", e);
        }
    }

    private interface Operation {
        void run(int index);
    }

    private static void row(String name, Operation operation, int keys, double seconds, int rounds) {
        measure(operation, keys, seconds);
        List<double[]> results = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            results.add(measure(operation, keys, seconds));
        }
        results.sort((a, b) -> Double.compare(a[0], b[0]));
        double wall = results.get(results.size() / 2)[0];
        results.sort((a, b) -> Double.compare(a[1], b[1]));
        double cpu = results.get(results.size() / 2)[1];
        System.out.printf("| %s | %,.0f | %,.0f | %.1f |%n", name, wall, cpu, 1e6 / cpu);
    }

    /** {operations per wall-clock second, per CPU second of this thread} over about {@code seconds}. */
    private static double[] measure(Operation operation, int keys, double seconds) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpuStart = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        long deadline = start + (long) (seconds * 1e9);
        long done = 0;
        long now;
        do {
            for (int k = 0; k < 64; k++) {
                operation.run((int) (done++ % keys));
            }
            now = System.nanoTime();
        } while (now < deadline);
        long cpu = threads.getCurrentThreadCpuTime() - cpuStart;
        return new double[]{done / ((now - start) / 1e9), done / (cpu / 1e9)};
    }
}
