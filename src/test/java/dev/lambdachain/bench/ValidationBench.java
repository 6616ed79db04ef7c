package dev.lambdachain.bench;

import dev.lambdachain.core.Address;
import dev.lambdachain.core.Amount;
import dev.lambdachain.core.Block;
import dev.lambdachain.core.ChainParams;
import dev.lambdachain.core.SignatureMode;
import dev.lambdachain.core.ChainValidator;
import dev.lambdachain.core.BlockValidator;
import dev.lambdachain.core.Ed25519Signer;
import dev.lambdachain.core.Hash;
import dev.lambdachain.core.ProofOfWork;
import dev.lambdachain.core.Transaction;
import dev.lambdachain.core.TransactionSigning;
import dev.lambdachain.wire.Json;
import dev.lambdachain.wire.ProtocolJson;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Validation benchmark (bench/validation.sh): builds a chain of BLOCKS blocks with TXS
 * transactions each at difficulty 4, then times a full {@link ChainValidator} replay of the
 * blocks as stored (JSON: decoding, transaction ids, proof of work, Merkle roots, linkage and
 * balances) on 1 and on 2 threads. Prints a Markdown table. With {@code signed} as the fourth
 * argument the chain requires signatures: every transaction is signed by one key address with
 * consecutive sequences, so the replay also verifies an Ed25519 signature per transaction and
 * checks sequences (signatures on the validator's worker threads).
 */
public final class ValidationBench {
    private ValidationBench() {
    }

    public static void main(String[] args) {
        int blocks = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int txs = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        boolean signed = args.length > 3 && args[3].equals("signed");
        Ed25519Signer owner = Ed25519Signer.fromSeed(new byte[32]);
        String ownerAddress = Address.fromPublicKey(owner.publicKey()).text();
        ChainParams params = new ChainParams(4, Amount.of(10), signed ? ownerAddress : "genesis",
                Amount.of(1_000_000_000_000L), ChainParams.DEFAULT_GENESIS_TIMESTAMP, txs + 1, 2 * 60 * 60 * 1000L,
                signed ? SignatureMode.REQUIRED : SignatureMode.DEV);
        long built = System.nanoTime();
        List<Block> chain = signed ? buildSigned(params, owner, blocks, txs) : build(params, blocks, txs);
        System.err.printf("built %d blocks x %d transactions in %.1f s%n", blocks, txs, (System.nanoTime() - built) / 1e9);
        List<String> stored = chain.stream().map(block -> Json.write(ProtocolJson.block(block))).toList();
        ChainValidator validator = new ChainValidator(new BlockValidator(params));
        long now = System.currentTimeMillis() + 3_600_000L;
        for (int warm = 0; warm < 2; warm++) {
            validator.validate(stored.iterator(), json -> ProtocolJson.readBlock(Json.read(json, "block"), params.genesis().hash()), now, 1);
            validator.validate(stored.iterator(), json -> ProtocolJson.readBlock(Json.read(json, "block"), params.genesis().hash()), now, 2);
        }
        System.out.println("| threads | best of " + rounds + " (s) | median (s) | blocks/s | transactions/s |");
        System.out.println("|---|---|---|---|---|");
        for (int threads : new int[]{1, 2}) {
            List<Double> times = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                long start = System.nanoTime();
                ChainValidator.Result result = validator.validate(stored.iterator(), json -> ProtocolJson.readBlock(Json.read(json, "block"), params.genesis().hash()), now, threads);
                times.add((System.nanoTime() - start) / 1e9);
                if (!result.valid() || result.length() != blocks + 1) {
                    throw new IllegalStateException("benchmark chain did not validate: " + result);
                }
            }
            times.sort(Double::compare);
            double best = times.get(0);
            double median = times.get(times.size() / 2);
            System.out.printf("| %d | %.3f | %.3f | %.0f | %.0f |%n", threads, best, median,
                    blocks / median, (double) blocks * txs / median);
        }
    }

    private static List<Block> build(ChainParams params, int blocks, int txs) {
        List<Block> chain = new ArrayList<>();
        Block parent = params.genesis();
        chain.add(parent);
        for (int h = 1; h <= blocks; h++) {
            long timestamp = parent.timestamp() + 1000;
            List<Transaction> body = new ArrayList<>();
            body.add(Transaction.coinbase("miner", params.reward(), h, timestamp));
            for (int i = 0; i < txs; i++) {
                body.add(new Transaction("genesis", "a" + (h * txs + i) % 5000, Amount.of(1 + i), timestamp, 0, null, null));
            }
            Block template = Block.assemble(h, timestamp, parent.hash(), params.difficulty(), body);
            parent = ProofOfWork.search(template, Runtime.getRuntime().availableProcessors(), Long.MAX_VALUE)
                    .orElseThrow();
            chain.add(parent);
        }
        return chain;
    }

    private static List<Block> buildSigned(ChainParams params, Ed25519Signer owner, int blocks, int txs) {
        Address from = Address.fromPublicKey(owner.publicKey());
        List<String> recipients = new ArrayList<>();
        for (int i = 1; i <= 64; i++) {
            byte[] seed = new byte[32];
            seed[0] = (byte) i;
            recipients.add(Address.fromPublicKey(Ed25519Signer.fromSeed(seed).publicKey()).text());
        }
        Hash genesis = params.genesis().hash();
        List<Block> chain = new ArrayList<>();
        Block parent = params.genesis();
        chain.add(parent);
        long sequence = 0;
        for (int h = 1; h <= blocks; h++) {
            long timestamp = parent.timestamp() + 1000;
            List<Transaction> body = new ArrayList<>();
            body.add(Transaction.coinbase(recipients.get(0), params.reward(), h, timestamp));
            for (int i = 0; i < txs; i++, sequence++) {
                String to = recipients.get((int) (sequence % recipients.size()));
                byte[] bytes = TransactionSigning.canonicalBytes(genesis, from, to, 1 + i, timestamp, sequence,
                        owner.publicKey());
                body.add(new Transaction(genesis, from.text(), to, Amount.of(1 + i), timestamp, sequence,
                        owner.publicKey().hex(), HexFormat.of().formatHex(owner.sign(bytes))));
            }
            Block template = Block.assemble(h, timestamp, parent.hash(), params.difficulty(), body);
            parent = ProofOfWork.search(template, Runtime.getRuntime().availableProcessors(), Long.MAX_VALUE)
                    .orElseThrow();
            chain.add(parent);
        }
        return chain;
    }
}
