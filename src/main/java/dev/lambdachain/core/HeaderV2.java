package dev.lambdachain.core;

import java.nio.ByteBuffer;

/**
 * A version 2 block header (docs/CONSENSUS.md): the version 1 layout of 96 bytes, with version 2 at
 * offset 0 and, at offset 84 where version 1 has the difficulty, the compact target ("nBits",
 * {@link Target#toCompact}). The nonce stays at offset 88, in the second SHA-256 block, so mining
 * keeps its midstate. Block hash = SHA-256 of these 96 bytes, as for version 1.
 *
 * <p>Not yet carried by {@link Block}, the JSON or the store; see docs/CONSENSUS.md for the plan.
 */
public record HeaderV2(long height, long timestamp, Hash previousHash, Hash merkleRoot, Target target, long nonce) {
    public static final int VERSION = 2;
    static final int TARGET_OFFSET = 84;

    /** Throws {@link InvalidValueException} (invalid) for a negative height, a missing hash or a non-compact target. */
    public HeaderV2 {
        if (height < 0) {
            throw new InvalidValueException("block height must not be negative");
        }
        if (previousHash == null || merkleRoot == null || target == null) {
            throw new InvalidValueException("a header needs previous_hash, merkle_root and target");
        }
        if (!target.isCompact()) {
            throw new InvalidValueException("a version 2 header carries a compact target, " + target + " is not one");
        }
    }

    /**
     * Reads 96 header bytes; {@link InvalidValueException} (invalid) for another length, another version or
     * a compact target that {@link Target#ofCompact} refuses.
     */
    public static HeaderV2 parse(byte[] header) {
        if (header.length != Block.HEADER_LENGTH) {
            throw new InvalidValueException("a header has 96 bytes, got " + header.length);
        }
        ByteBuffer in = ByteBuffer.wrap(header);
        int version = in.getInt();
        if (version != VERSION) {
            throw new InvalidValueException("header version expected 2, found " + version);
        }
        long height = in.getLong();
        long timestamp = in.getLong();
        byte[] previous = new byte[Hash.LENGTH];
        byte[] merkle = new byte[Hash.LENGTH];
        in.get(previous).get(merkle);
        Target target = Target.ofCompact(in.getInt());
        return new HeaderV2(height, timestamp, Hash.wrap(previous), Hash.wrap(merkle), target, in.getLong());
    }

    public byte[] bytes() {
        ByteBuffer header = ByteBuffer.allocate(Block.HEADER_LENGTH);
        header.putInt(VERSION);
        header.putLong(height);
        header.putLong(timestamp);
        header.put(previousHash.bytes());
        header.put(merkleRoot.bytes());
        header.putInt(target.toCompact());
        header.putLong(nonce);
        return header.array();
    }

    public Hash hash() {
        return Hash.of(bytes());
    }

    /** The proof-of-work check: the hash, unsigned big-endian, is at most the target. */
    public boolean meetsTarget() {
        return target.isMetBy(hash());
    }

    public HeaderV2 withNonce(long newNonce) {
        return new HeaderV2(height, timestamp, previousHash, merkleRoot, target, newNonce);
    }

    public PowHeader powHeader() {
        return new PowHeader(height, timestamp, target);
    }
}
