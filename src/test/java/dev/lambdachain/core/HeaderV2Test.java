package dev.lambdachain.core;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Version 2 headers: the version 1 layout with version 2 and the compact target at offset 84. */
class HeaderV2Test {
    private static final Target D4 = Target.ofCompact(0x1f00ffff);

    private static HeaderV2 header(long nonce) {
        return new HeaderV2(7, 1_700_000_007_000L, Hash.of(new byte[] {1}), Hash.of(new byte[] {2}), D4, nonce);
    }

    @Test
    void layoutIsVersionOneWithVersionTwoAndTheCompactTargetAtOffset84() {
        byte[] bytes = header(0x0102030405060708L).bytes();
        ByteBuffer in = ByteBuffer.wrap(bytes);
        assertEquals(96, bytes.length);
        assertEquals(2, in.getInt(0));
        assertEquals(7, in.getLong(4));
        assertEquals(1_700_000_007_000L, in.getLong(12));
        assertEquals(0x1f00ffff, in.getInt(HeaderV2.TARGET_OFFSET));
        assertEquals(0x0102030405060708L, in.getLong(Block.NONCE_OFFSET));
        assertEquals(header(0x0102030405060708L), HeaderV2.parse(bytes));
    }

    @Test
    void theSameFieldsHashDifferentlyInVersionOneAndTwo() {
        Block v1 = new Block(7, 1_700_000_007_000L, Hash.of(new byte[] {1}), Hash.of(new byte[] {2}), 4, 0,
                List.of(Transaction.coinbase("miner", Amount.of(10), 7, 1_700_000_007_000L)));
        assertNotEquals(v1.hash(), header(0).hash());
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> HeaderV2.parse(v1.headerBytes()));
        assertTrue(e.getMessage().contains("version expected 2, found 1"), e.getMessage());
    }

    @Test
    void aHeaderWithANonCanonicalOrExactNonCompactTargetIsRefused() {
        byte[] bytes = header(0).bytes();
        ByteBuffer.wrap(bytes).putInt(HeaderV2.TARGET_OFFSET, 0x01003456);
        assertThrows(InvalidValueException.class, () -> HeaderV2.parse(bytes));
        ByteBuffer.wrap(bytes).putInt(HeaderV2.TARGET_OFFSET, 0x04923456);
        assertThrows(InvalidValueException.class, () -> HeaderV2.parse(bytes));
        assertThrows(InvalidValueException.class, () -> HeaderV2.parse(new byte[95]));
        assertThrows(InvalidValueException.class, () -> new HeaderV2(7, 0, Hash.ZERO, Hash.ZERO,
                Target.fromLeadingZeroHexDigits(4), 0));
    }

    @Test
    void aMinedHeaderMeetsItsCompactTargetByAPlainSha256() throws Exception {
        HeaderV2 mined = ProofOfWork.search(header(0), 2, System.nanoTime() + 60_000_000_000L).orElseThrow();
        byte[] plain = MessageDigest.getInstance("SHA-256").digest(mined.bytes());
        assertArrayEquals(plain, mined.hash().bytes());
        assertTrue(D4.isMetBy(plain));
        assertTrue(mined.meetsTarget());
        assertTrue(mined.hash().hex().startsWith("0000"), mined.hash().hex());
    }
}
