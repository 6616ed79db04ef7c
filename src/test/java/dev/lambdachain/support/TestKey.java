package dev.lambdachain.support;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lambdachain.core.Address;
import dev.lambdachain.core.Amount;
import dev.lambdachain.core.Ed25519Signer;
import dev.lambdachain.core.Hash;
import dev.lambdachain.core.Transaction;
import dev.lambdachain.core.TransactionSigning;
import dev.lambdachain.wire.Json;
import dev.lambdachain.wire.ProtocolJson;

import java.util.HexFormat;

/** A real Ed25519 key for tests, from a fixed seed, that signs transfers as the wallet does. */
public record TestKey(Ed25519Signer signer) {

    /** The key whose 32-byte seed is {@code n} repeated: the same key in every run. */
    public static TestKey numbered(int n) {
        byte[] seed = new byte[32];
        java.util.Arrays.fill(seed, (byte) n);
        return new TestKey(Ed25519Signer.fromSeed(seed));
    }

    public String address() {
        return Address.fromPublicKey(signer.publicKey()).text();
    }

    /** A transfer signed by this key for the network {@code genesis}. */
    public Transaction pay(Hash genesis, String to, long amount, long timestamp, long sequence) {
        byte[] bytes = TransactionSigning.canonicalBytes(genesis, Address.parse(address(), "sender"), to, amount,
                timestamp, sequence, signer.publicKey());
        return new Transaction(genesis, address(), to, Amount.of(amount), timestamp, sequence,
                signer.publicKey().hex(), HexFormat.of().formatHex(signer.sign(bytes)));
    }

    /** The body POST /transactions/new takes for {@code tx}, as `wallet sign` prints it. */
    public static ObjectNode body(Transaction tx) {
        return ProtocolJson.submission(tx);
    }

    public static String write(ObjectNode body) {
        return Json.write(body);
    }
}
