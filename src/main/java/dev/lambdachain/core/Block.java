package dev.lambdachain.core;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * A block: the header fields plus its transactions (the first one the coinbase).
 *
 * <p>The header is 96 bytes (docs/PROTOCOL.md): version, height, timestamp, previous hash,
 * Merkle root, difficulty, nonce. The nonce sits in the last 64-byte SHA-256 block, so a miner
 * hashes the first 64 bytes once per template and only the tail per attempt.
 */
public record Block(
        long height,
        long timestamp,
        Hash previousHash,
        Hash merkleRoot,
        int difficulty,
        long nonce,
        List<Transaction> transactions) {

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
        transactions = List.copyOf(transactions);
    }

    /** A block template: Merkle root computed from the transactions, nonce 0. */
    public static Block assemble(long height, long timestamp, Hash previousHash, int difficulty,
                                 List<Transaction> transactions) {
        return new Block(height, timestamp, previousHash, Merkle.rootOf(transactions), difficulty, 0,
                transactions);
    }

    public Block withNonce(long newNonce) {
        return new Block(height, timestamp, previousHash, merkleRoot, difficulty, newNonce, transactions);
    }

    public byte[] headerBytes() {
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
