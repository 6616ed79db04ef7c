package dev.lambdachain.core;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Proof of work on raw digests, and a header layout another implementation can hash in one call. */
class ProofOfWorkTest {

    @Test
    void leadingZeroHexDigitsAreCountedOnTheRawHash() {
        byte[] hash = new byte[32];
        hash[2] = 0x0F;
        assertTrue(ProofOfWork.meets(hash, 5));
        assertFalse(ProofOfWork.meets(hash, 6));
        hash[2] = 0x10;
        assertTrue(ProofOfWork.meets(hash, 4));
        assertFalse(ProofOfWork.meets(hash, 5));
    }

    @Test
    void searchFindsANonceThatAPlainSha256Confirms() throws Exception {
        Block template = Block.assemble(1, 1_700_000_001_000L, Hash.ZERO, 4,
                List.of(Transaction.coinbase("miner", Amount.of(10), 1, 1_700_000_001_000L)));
        Block mined = ProofOfWork.search(template, 2, System.nanoTime() + 30_000_000_000L).orElseThrow();
        byte[] plain = MessageDigest.getInstance("SHA-256").digest(mined.headerBytes());
        assertArrayEquals(plain, mined.hash().bytes());
        assertTrue(mined.hash().hex().startsWith("0000"), mined.hash().hex());
    }

    @Test
    void searchGivesUpAtTheDeadline() {
        Block impossible = Block.assemble(1, 1L, Hash.ZERO, 64,
                List.of(Transaction.coinbase("miner", Amount.of(10), 1, 1L)));
        long start = System.nanoTime();
        assertTrue(ProofOfWork.search(impossible, 2, start + 200_000_000L).isEmpty());
        assertTrue(System.nanoTime() - start < 5_000_000_000L);
    }

    @Test
    void headerIsNinetySixBytesWithTheNonceInTheLastShaBlock() {
        Block block = Block.assemble(7, 123L, Hash.ZERO, 4,
                List.of(Transaction.coinbase("miner", Amount.of(10), 7, 123L))).withNonce(0x0102030405060708L);
        byte[] header = block.headerBytes();
        assertEquals(96, header.length);
        assertEquals(0x0102030405060708L, ByteBuffer.wrap(header, Block.NONCE_OFFSET, 8).getLong());
        assertTrue(Block.NONCE_OFFSET >= 64);
        assertEquals(7, ByteBuffer.wrap(header, 4, 8).getLong());
    }
}
