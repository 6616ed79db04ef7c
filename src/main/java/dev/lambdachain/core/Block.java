package dev.lambdachain.core;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * A block: the header fields plus its transactions (the first one the coinbase).
 *
 * <p>The header is 96 bytes (docs/PROTOCOL.md): version, height, timestamp, previous hash,
 * Merkle root, difficulty, nonce. The nonce sits in the last 64-byte SHA-256 block, so a miner
 * hashes the first 64 bytes once per template and only the tail per attempt. A version 2 block
 * (docs/CONSENSUS.md, networks that retarget) carries a compact {@code target} where version 1
 * has the difficulty; its {@code difficulty} is 0, and a version 1 block's {@code target} is null.
 */
public record Block(
        long height,
        long timestamp,
        Hash previousHash,
        Hash merkleRoot,
        int difficulty,
        long nonce,
        List<Transaction> transactions,
        Target target) {

    public static final int HEADER_LENGTH = 96;
    public static final int NONCE_OFFSET = 88;
    static final int VERSION = 1;

    public Block {
        if (height < 0) {
            throw new InvalidValueException("block height must not be negative");
        }
        if (previousHash == null || merkleRoot == null) {
            throw new InvalidValueException("block needs previous_hash and merkle_root");
        }
        if (difficulty < 0 || difficulty > 64) {
            throw new InvalidValueException("difficulty must be between 0 and 64");
        }
        if (target != null && (!target.isCompact() || difficulty != 0)) {
            throw new InvalidValueException("a version 2 block carries a compact target and no difficulty");
        }
        transactions = List.copyOf(transactions);
    }

    /** A version 1 block: proof of work as {@code difficulty} leading zero hex digits. */
    public Block(long height, long timestamp, Hash previousHash, Hash merkleRoot, int difficulty, long nonce,
                 List<Transaction> transactions) {
        this(height, timestamp, previousHash, merkleRoot, difficulty, nonce, transactions, null);
    }

    /** A version 2 block template: compact {@code target}, Merkle root computed, nonce 0. */
    public static Block assemble(long height, long timestamp, Hash previousHash, Target target,
                                 List<Transaction> transactions) {
        return new Block(height, timestamp, previousHash, Merkle.rootOf(transactions), 0, 0, transactions, target);
    }

    /** 1, or 2 for a block that carries a compact target. */
    public int version() {
        return target == null ? VERSION : HeaderV2.VERSION;
    }

    /** What the hash must meet: the exact target of the difficulty (version 1) or the carried one (version 2). */
    public Target powTarget() {
        return target == null ? Target.fromLeadingZeroHexDigits(difficulty) : target;
    }

    /** A block template: Merkle root computed from the transactions, nonce 0. */
    public static Block assemble(long height, long timestamp, Hash previousHash, int difficulty,
                                 List<Transaction> transactions) {
        return new Block(height, timestamp, previousHash, Merkle.rootOf(transactions), difficulty, 0,
                transactions);
    }

    public Block withNonce(long newNonce) {
        return new Block(height, timestamp, previousHash, merkleRoot, difficulty, newNonce, transactions, target);
    }

    public byte[] headerBytes() {
        if (target != null) {
            return new HeaderV2(height, timestamp, previousHash, merkleRoot, target, nonce).bytes();
        }
        ByteBuffer header = ByteBuffer.allocate(HEADER_LENGTH);
        header.putInt(VERSION);
        header.putLong(height);
        header.putLong(timestamp);
        header.put(previousHash.bytes());
        header.put(merkleRoot.bytes());
        header.putInt(difficulty);
        header.putLong(nonce);
        return header.array();
    }

    public Hash hash() {
        return Hash.of(headerBytes());
    }
}
