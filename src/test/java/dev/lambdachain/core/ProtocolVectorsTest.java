package dev.lambdachain.core;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Known answers for the encodings docs/PROTOCOL.md writes down, so that another implementation
 * can check itself against them and no change to our bytes passes unnoticed. The same values
 * stand in docs/PROTOCOL.md, "Test vectors".
 */
class ProtocolVectorsTest {
    static final String GENESIS_HASH = "585939fa22bd73c175700943d9dd971c9d6a28832fd03c1cb0c06d4a636ed0e7";
    static final String ALICE_TO_BOB_BYTES =
            "010005616c6963650003626f62000000000000001e0000018bcfe56be800000000000000000000";
    static final String ALICE_TO_BOB_ID = "08049d6de51cd35e8d2d3d92f1ae5f6678bb7b81dfbe7719177a2b1861b18360";
    static final String BOB_TO_CAROL_ID = "fc800420feb485f90007ae280e087083310732a708ff5b05c983b4c57bf9deda";
    static final String COINBASE_ID = "cd2a2e54b9f03b087976a43cec8d3113446a56c06675aec1970eeada64a365bf";
    static final String MERKLE_ROOT_OF_THREE = "ef3000e449d885052ac7804d697e281dbadf744eb3e4405dc6a88d873e794b82";
    static final String HEADER = "0000000100000000000000010000018bcfe573b8"
            + "585939fa22bd73c175700943d9dd971c9d6a28832fd03c1cb0c06d4a636ed0e7"
            + "ef3000e449d885052ac7804d697e281dbadf744eb3e4405dc6a88d873e794b82"
            + "000000040000000000003039";
    static final String BLOCK_HASH = "574350465d7a32d38b4960db34e875877c20d1385d790a1887bc572125ef8cdd";
    /** SHA-256 of the 11 UTF-8 bytes "lambdachain": the previous hash of the version 2 vector. */
    static final String V2_PREVIOUS = "02559961c08251966c7c79e88215bde0c05b484e1174cbfd24e7831cb6ed1f20";
    static final String HEADER_V2 = "00000002" + "0000000000000015" + "0000018bcfe5ba08"
            + V2_PREVIOUS
            + MERKLE_ROOT_OF_THREE
            + "1f00ffff" + "0000000000001bae";
    static final String HEADER_V2_HASH = "0000739959399f1b995935d71ad1599b8e6c57c99b2b5361da13dc640c36b632";

    private static final HexFormat HEX = HexFormat.of();
    private static final Transaction ALICE_TO_BOB =
            new Transaction("alice", "bob", Amount.of(30), 1_700_000_001_000L, 0, null, null);
    private static final Transaction BOB_TO_CAROL =
            new Transaction("bob", "carol", Amount.of(5), 1_700_000_002_000L, 0, null, null);
    private static final Transaction COINBASE = Transaction.coinbase("miner", Amount.of(10), 1, 1_700_000_003_000L);

    private static Block blockOne() {
        return Block.assemble(1, 1_700_000_003_000L, Hash.parse(GENESIS_HASH, "genesis"), 4,
                List.of(COINBASE, ALICE_TO_BOB, BOB_TO_CAROL)).withNonce(12345);
    }

    /** The check every vector goes through: SHA-256 of {@code encoding} is {@code pinned}. */
    private static void assertHashesTo(String pinned, byte[] encoding) {
        assertEquals(pinned, Hash.of(encoding).hex());
    }

    /** The version 2 vector: block 21 with the Merkle root above, compact target 1f00ffff, and the first nonce that meets it. */
    private static HeaderV2 headerV2() {
        return new HeaderV2(21, 1_700_000_021_000L, Hash.parse(V2_PREVIOUS, "previous"),
                Hash.parse(MERKLE_ROOT_OF_THREE, "merkle root"), Target.ofCompact(0x1f00ffff), 7086);
    }

    @Test
    void defaultGenesisHashIsPinned() {
        assertEquals(GENESIS_HASH, ChainParams.defaults().genesis().hash().hex());
    }

    @Test
    void transactionCanonicalBytesAndIdsArePinned() {
        assertEquals(ALICE_TO_BOB_BYTES, HEX.formatHex(ALICE_TO_BOB.canonicalBytes()));
        assertHashesTo(ALICE_TO_BOB_ID, ALICE_TO_BOB.canonicalBytes());
        assertEquals(ALICE_TO_BOB_ID, ALICE_TO_BOB.id().hex());
        assertEquals(BOB_TO_CAROL_ID, BOB_TO_CAROL.id().hex());
        assertEquals(COINBASE_ID, COINBASE.id().hex());
    }

    /** docs/PROTOCOL.md "Pinned vector": a signed transaction as the chain reads it, key to signature. */
    @Test
    void signedTransactionIdAndSignatureArePinnedAndVerifyOnTheDefaultChain() {
        Hash genesis = ChainParams.defaults().genesis().hash();
        Transaction tx = new Transaction(genesis, "3ZPaHLCb7sagPzsEUfmRpCswStGN2UMwbtgvxu5trLVZ8Bz995H",
                "3ZB73rKyABvdwXtiev9tk7Mu2HzmxzzYFeYinLqozPYjPEbmEB4", Amount.of(25), 1700000001000L, 0,
                "03a107bff3ce10be1d70dd18e74bc09967e4d6309ba50d5f1ddc8664125531b8",
                "e375fe102776ec91ce0acf37e7a0ac9626bf14c5ad499796fa5b6c51c7bc4847f92f89b9f5326ef8bb2ec93e0d43ec0ab777a2c05f210db97ce2c22d0a46cf00");
        assertEquals("e10b722e099d85053aa30921fed24c62cee37cb47db54235e5a0bf2e65853045", tx.id().hex());
        assertEquals(195, tx.canonicalBytes().length);
        assertEquals(TransactionSigning.VERSION, tx.canonicalBytes()[0]);
        assertTrue(tx.hasValidSignature());
        Hash otherNetwork = Hash.of(new byte[]{1});
        Transaction replayed = new Transaction(otherNetwork, tx.sender(), tx.recipient(), tx.amount(), tx.timestamp(),
                tx.sequence(), tx.publicKey(), tx.signature());
        assertFalse(replayed.hasValidSignature(), "signed for one network, it verifies on no other");
    }

    @Test
    void merkleRootOfThreeLeavesIsPinned() {
        assertEquals(MERKLE_ROOT_OF_THREE, Merkle.root(List.of(COINBASE.id(), ALICE_TO_BOB.id(), BOB_TO_CAROL.id())).hex());
    }

    @Test
    void headerBytesAndBlockHashArePinned() {
        byte[] header = blockOne().headerBytes();
        assertEquals(Block.HEADER_LENGTH, header.length);
        assertEquals(HEADER, HEX.formatHex(header));
        assertHashesTo(BLOCK_HASH, header);
        assertEquals(BLOCK_HASH, blockOne().hash().hex());
    }

    /** FIPS 180-2's own examples: every hash above is one plain SHA-256, not a double one or another digest. */
    @Test
    void hashIsSha256ByItsStandardsKnownAnswers() {
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                Hash.of("abc".getBytes(StandardCharsets.US_ASCII)).hex());
        assertEquals("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
                Hash.of("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".getBytes(StandardCharsets.US_ASCII)).hex());
        assertEquals(V2_PREVIOUS, Hash.of("lambdachain".getBytes(StandardCharsets.UTF_8)).hex());
    }

    /**
     * docs/PROTOCOL.md "Block header": changing one field of block 1 changes the header bytes at
     * that field's offset and length of the table, and nowhere else.
     */
    @Test
    void everyHeaderFieldIsEncodedAtItsDocumentedOffset() {
        Block one = blockOne();
        Hash genesis = Hash.parse(GENESIS_HASH, "genesis");
        List<Transaction> three = List.of(COINBASE, ALICE_TO_BOB, BOB_TO_CAROL);
        assertChangedExactly(one, Block.assemble(2, 1_700_000_003_000L, genesis, 4, three).withNonce(12345), 4, 8);
        assertChangedExactly(one, Block.assemble(1, 1_700_000_003_001L, genesis, 4, three).withNonce(12345), 12, 8);
        assertChangedExactly(one, Block.assemble(1, 1_700_000_003_000L, Hash.parse(BLOCK_HASH, "previous"), 4, three)
                .withNonce(12345), 20, 32);
        assertChangedExactly(one, Block.assemble(1, 1_700_000_003_000L, genesis, 4, List.of(COINBASE, ALICE_TO_BOB))
                .withNonce(12345), 52, 32);
        assertChangedExactly(one, Block.assemble(1, 1_700_000_003_000L, genesis, 5, three).withNonce(12345), 84, 4);
        assertChangedExactly(one, one.withNonce(12346), 88, 8);
    }

    private static void assertChangedExactly(Block before, Block after, int offset, int length) {
        byte[] a = before.headerBytes();
        byte[] b = after.headerBytes();
        boolean changed = false;
        for (int i = 0; i < a.length; i++) {
            if (a[i] != b[i]) {
                assertTrue(i >= offset && i < offset + length,
                        "byte " + i + " changed, outside the field at offset " + offset + " length " + length);
                changed = true;
            }
        }
        assertTrue(changed, "the field at offset " + offset + " is not in the header");
    }

    /** docs/PROTOCOL.md "Test vectors": a version 2 header (compact target at offset 84) whose nonce meets its target. */
    @Test
    void versionTwoHeaderBytesAndHashArePinned() {
        HeaderV2 header = headerV2();
        assertEquals(HEADER_V2, HEX.formatHex(header.bytes()));
        assertHashesTo(HEADER_V2_HASH, header.bytes());
        assertEquals(HEADER_V2_HASH, header.hash().hex());
        assertTrue(header.meetsTarget());
        assertFalse(header.withNonce(7085).meetsTarget(), "7086 is the first nonce of the vector that meets the target");
        assertEquals(header, HeaderV2.parse(HEX.parseHex(HEADER_V2)));
    }
}
