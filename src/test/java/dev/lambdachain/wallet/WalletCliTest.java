package dev.lambdachain.wallet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lambdachain.core.Address;
import dev.lambdachain.core.Ed25519;
import dev.lambdachain.core.Ed25519PublicKey;
import dev.lambdachain.core.Ed25519Signer;
import dev.lambdachain.core.Hash;
import dev.lambdachain.core.TransactionSigning;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The offline wallet commands, end to end through {@link WalletCli#run}. */
class WalletCliTest {
    /** The signed-transaction vector of docs/PROTOCOL.md (also pinned in TransactionSigningTest). */
    private static final String SEED = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
    private static final String GENESIS = "6d9ad42a9ab2177197765f8ab3a18d778c16f0309526125acccf238d39812e02";
    private static final String RECIPIENT = "3ZB73rKyABvdwXtiev9tk7Mu2HzmxzzYFeYinLqozPYjPEbmEB4";
    private static final String VECTOR_BODY = "{\"sender\":\"3ZPaHLCb7sagPzsEUfmRpCswStGN2UMwbtgvxu5trLVZ8Bz995H\","
            + "\"recipient\":\"" + RECIPIENT + "\",\"amount\":25,\"timestamp\":1700000001000,\"sequence\":0,"
            + "\"public_key\":\"03a107bff3ce10be1d70dd18e74bc09967e4d6309ba50d5f1ddc8664125531b8\","
            + "\"signature\":\"0bfa1a63a854e63ce0725366309c879e3adf3229555c4614b5130dc4281abc58"
            + "f8c110d4d454e550c66daac60e2823fd0dda54cb3f6d07b0b9bef1253b8cbb01\"}";
    private static final long NOW = 1_750_000_000_123L;

    @TempDir
    Path dir;

    private final WalletCli cli = new WalletCli(Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC),
            new SecureRandom(), Duration.ofSeconds(30));

    private record Result(int status, String out, String err) {
    }

    @Test
    void newWritesAKeyAndPrintsItsAddressWhichAddressPrintsAgain() {
        Path file = dir.resolve("alice.key");
        Result created = run("new", "--out", file.toString());
        assertEquals(WalletCli.OK, created.status, created.err);
        String address = created.out.strip();
        Address.parse(address, "printed address");
        assertTrue(created.err.contains("keep it secret"), created.err);
        Result shown = run("address", file.toString());
        assertEquals(WalletCli.OK, shown.status, shown.err);
        assertEquals(address, shown.out.strip());
        Result again = run("new", "--out", file.toString());
        assertEquals(WalletCli.FAILED, again.status);
        assertTrue(again.err.contains("already exists"), again.err);
    }

    @Test
    void signPrintsThePinnedVectorBody() throws Exception {
        Path key = vectorKey();
        Result signed = run("sign", "--key", key.toString(), "--to", RECIPIENT, "--amount", "25",
                "--sequence", "0", "--genesis", GENESIS, "--timestamp", "1700000001000");
        assertEquals(WalletCli.OK, signed.status, signed.err);
        assertEquals(VECTOR_BODY, signed.out.strip());
    }

    @Test
    void signWithoutGenesisSignsForTheDefaultLocalChain() throws Exception {
        Result signed = run("sign", "--key", vectorKey().toString(), "--to", RECIPIENT, "--amount", "25",
                "--sequence", "0", "--timestamp", "1700000001000");
        assertEquals(WalletCli.OK, signed.status, signed.err);
        assertEquals(VECTOR_BODY, signed.out.strip(), "the pinned vector is signed for the default local genesis");
    }

    @Test
    void signWithoutTimestampUsesNowAndTheBodyVerifies() throws Exception {
        Result signed = run("sign", "--key", vectorKey().toString(), "--to", "alice", "--amount", "7",
                "--sequence", "3", "--genesis", GENESIS);
        assertEquals(WalletCli.OK, signed.status, signed.err);
        JsonNode body = new ObjectMapper().readTree(signed.out);
        assertEquals(NOW, body.get("timestamp").longValue());
        assertTrue(body.get("amount").isIntegralNumber() && body.get("sequence").isIntegralNumber());
        Ed25519PublicKey key = Ed25519PublicKey.parse(body.get("public_key").textValue(), "public_key");
        byte[] bytes = TransactionSigning.canonicalBytes(Hash.parse(GENESIS, "genesis"),
                Address.parse(body.get("sender").textValue(), "sender"), "alice", 7, NOW, 3, key);
        assertTrue(Ed25519.verify(key, bytes, Ed25519.parseSignature(body.get("signature").textValue(), "signature")));
    }

    @Test
    void mistakesInSignAreNamed() throws Exception {
        String key = vectorKey().toString();
        assertFails("--to fails its checksum", "sign", "--key", key, "--to", RECIPIENT.substring(0, 50) + "5",
                "--amount", "1", "--sequence", "0", "--genesis", GENESIS);
        assertFails("--amount must be a whole number of at least 1, got '1.5'", "sign", "--key", key,
                "--to", "bob", "--amount", "1.5", "--sequence", "0", "--genesis", GENESIS);
        assertFails("--amount must be a whole number of at least 1, got 0", "sign", "--key", key,
                "--to", "bob", "--amount", "0", "--sequence", "0", "--genesis", GENESIS);
        assertFails("--amount is too large", "sign", "--key", key,
                "--to", "bob", "--amount", "9999999999999999999", "--sequence", "0", "--genesis", GENESIS);
        assertFails("--sequence must be a whole number (0 or more), got '-1'", "sign", "--key", key,
                "--to", "bob", "--amount", "1", "--sequence", "-1", "--genesis", GENESIS);
        assertFails("--genesis must be 64 hex digits", "sign", "--key", key,
                "--to", "bob", "--amount", "1", "--sequence", "0", "--genesis", "abc");
        assertFails("no such file: " + dir.resolve("missing.key"), "sign", "--key", dir.resolve("missing.key").toString(),
                "--to", "bob", "--amount", "1", "--sequence", "0", "--genesis", GENESIS);
    }

    @Test
    void badUsageIsStatusTwoWithTheUsage() {
        for (String[] args : new String[][]{
                {}, {"frobnicate"}, {"sign", "--key", "k"}, {"address"}, {"address", "a", "b"},
                {"new", "--out"}, {"new", "--bogus", "x"}, {"new", "--out", "a", "--out", "b"}}) {
            Result result = run(args);
            assertEquals(WalletCli.BAD_USAGE, result.status, String.join(" ", args));
            assertTrue(result.err.contains("usage:"), result.err);
        }
        assertEquals("error: wallet sign needs --to", run("sign", "--key", "k").err.lines().findFirst().orElseThrow());
    }

    private Path vectorKey() throws Exception {
        Path file = dir.resolve("vector.key");
        if (!Files.exists(file)) {
            KeyFile.write(file, Ed25519Signer.fromSeed(HexFormat.of().parseHex(SEED)));
        }
        return file;
    }

    private void assertFails(String expected, String... args) {
        Result result = run(args);
        assertEquals(WalletCli.FAILED, result.status, result.err);
        assertTrue(result.err.startsWith("error: " + expected), result.err);
    }

    private Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = cli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
