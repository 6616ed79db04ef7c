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
    static final String GENESIS_HASH = "6d9ad42a9ab2177197765f8ab3a18d778c16f0309526125acccf238d39812e02";
    /** The rules of the default network, docs/PROTOCOL.md "Network identity", checked with Python's struct and hashlib. */
    static final String DEFAULT_RULES = "01000b"
            + "000a646966666963756c7479" + "000134"
            + "000f67656e657369735f61646472657373" + "000767656e65736973"
            + "000e67656e657369735f737570706c79" + "000731303030303030"
            + "001167656e657369735f74696d657374616d70" + "000d31373030303030303030303030"
            + "00176d61785f6675747572655f64726966745f6d696c6c6973" + "000737323030303030"
            + "001a6d61785f7472616e73616374696f6e735f7065725f626c6f636b" + "000434303936"
            + "000e72657461726765745f636c616d70" + "000130"
            + "001172657461726765745f696e74657276616c" + "000130"
            + "0006726577617264" + "00023130"
            + "000e7369676e61747572655f6d6f6465" + "0003646576"
            + "00137461726765745f626c6f636b5f6d696c6c6973" + "000130";
    static final String DEFAULT_NETWORK = "205615cc33e6ea8017d2f7b3a9682feec05c995085a5cada5bc79a7f6ba8fa28";
    static final String DEFAULT_GENESIS_HEADER = "0000000100000000000000000000018bcfe56800"
            + DEFAULT_NETWORK
            + "435a7aff039ce53f9037c7966224ef43242d9fdc8396e67f499347e923903550"
            + "000000040000000000000000";
    /** The default network retargeting every 10 blocks toward 10 s, clamp 4. */
    static final String RETARGETING_NETWORK = "c3cfd66cbb29aa55e93416692ff7b492401272bbf554ffc56b4090a764d657b9";
    static final String RETARGETING_GENESIS_HEADER = "0000000200000000000000000000018bcfe56800"
            + RETARGETING_NETWORK
            + "435a7aff039ce53f9037c7966224ef43242d9fdc8396e67f499347e923903550"
            + "1f00ffff0000000000000000";
    static final String RETARGETING_GENESIS_HASH = "ed564c9cef3bbd5bea0c26b78272b62c038309433a06e65bf8307e5a8e062cd4";
    static final String ALICE_TO_BOB_BYTES =
            "010005616c6963650003626f62000000000000001e0000018bcfe56be800000000000000000000";
    static final String ALICE_TO_BOB_ID = "08049d6de51cd35e8d2d3d92f1ae5f6678bb7b81dfbe7719177a2b1861b18360";
    static final String BOB_TO_CAROL_ID = "fc800420feb485f90007ae280e087083310732a708ff5b05c983b4c57bf9deda";
    static final String COINBASE_ID = "cd2a2e54b9f03b087976a43cec8d3113446a56c06675aec1970eeada64a365bf";
    static final String MERKLE_ROOT_OF_THREE = "ef3000e449d885052ac7804d697e281dbadf744eb3e4405dc6a88d873e794b82";
    static final String HEADER = "0000000100000000000000010000018bcfe573b8"
            + "6d9ad42a9ab2177197765f8ab3a18d778c16f0309526125acccf238d39812e02"
            + "ef3000e449d885052ac7804d697e281dbadf744eb3e4405dc6a88d873e794b82"
            + "000000040000000000003039";
    static final String BLOCK_HASH = "0d608a39150ca9d7241f4b163364f73403baee66ca3bdc526d44a1c325557b29";
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
        assertEquals(DEFAULT_GENESIS_HEADER, HEX.formatHex(ChainParams.defaults().genesis().headerBytes()));
        assertEquals(GENESIS_HASH, ChainParams.defaults().genesis().hash().hex());
    }

    @Test
    void defaultNetworkRulesAndIdArePinned() {
        NetworkRules rules = ChainParams.defaults().rules();
        assertEquals(DEFAULT_RULES, HEX.formatHex(rules.encoding()));
        assertHashesTo(DEFAULT_NETWORK, rules.encoding());
        assertEquals(DEFAULT_NETWORK, rules.id().hex());
    }

    @Test
    void retargetingGenesisCommitsToItsOwnNetworkId() {
        ChainParams retargeting = ChainParams.defaults().retargeting(10, 10_000, 4);
        byte[] encoding = retargeting.rules().encoding();
        assertEquals(DEFAULT_RULES
                        .replace("000e72657461726765745f636c616d70" + "000130", "000e72657461726765745f636c616d70" + "000134")
                        .replace("001172657461726765745f696e74657276616c" + "000130",
                                "001172657461726765745f696e74657276616c" + "00023130")
                        .replace("00137461726765745f626c6f636b5f6d696c6c6973" + "000130",
                                "00137461726765745f626c6f636b5f6d696c6c6973" + "00053130303030"),
                HEX.formatHex(encoding), "clamp 4, interval 10, target block time 10000 in place of the zeros");
        assertHashesTo(RETARGETING_NETWORK, encoding);
        assertEquals(RETARGETING_GENESIS_HEADER, HEX.formatHex(retargeting.genesis().headerBytes()));
        assertEquals(RETARGETING_GENESIS_HASH, retargeting.genesis().hash().hex());
    }

    /** Every rule is in the identity: a change to any one gives another network id and genesis. */
    @Test
    void everyRuleChangesTheNetworkIdAndTheGenesis() {
        ChainParams base = ChainParams.defaults().retargeting(10, 10_000, 4);
        List<ChainParams> variants = List.of(
                new ChainParams(5, base.reward(), base.genesisAddress(), base.genesisSupply(), base.genesisTimestamp(),
                        base.maxTransactionsPerBlock(), base.maxFutureDriftMillis(), base.signatureMode())
                        .retargeting(10, 10_000, 4),
                new ChainParams(4, Amount.of(11), base.genesisAddress(), base.genesisSupply(), base.genesisTimestamp(),
                        base.maxTransactionsPerBlock(), base.maxFutureDriftMillis(), base.signatureMode())
                        .retargeting(10, 10_000, 4),
                new ChainParams(4, base.reward(), "genesis2", base.genesisSupply(), base.genesisTimestamp(),
                        base.maxTransactionsPerBlock(), base.maxFutureDriftMillis(), base.signatureMode())
                        .retargeting(10, 10_000, 4),
                new ChainParams(4, base.reward(), base.genesisAddress(), Amount.of(999_999), base.genesisTimestamp(),
                        base.maxTransactionsPerBlock(), base.maxFutureDriftMillis(), base.signatureMode())
                        .retargeting(10, 10_000, 4),
                new ChainParams(4, base.reward(), base.genesisAddress(), base.genesisSupply(), base.genesisTimestamp() + 1,
                        base.maxTransactionsPerBlock(), base.maxFutureDriftMillis(), base.signatureMode())
                        .retargeting(10, 10_000, 4),
                new ChainParams(4, base.reward(), base.genesisAddress(), base.genesisSupply(), base.genesisTimestamp(),
                        16, base.maxFutureDriftMillis(), base.signatureMode()).retargeting(10, 10_000, 4),
                new ChainParams(4, base.reward(), base.genesisAddress(), base.genesisSupply(), base.genesisTimestamp(),
                        base.maxTransactionsPerBlock(), 60_000, base.signatureMode()).retargeting(10, 10_000, 4),
                ChainParams.defaults().retargeting(20, 10_000, 4),
                ChainParams.defaults().retargeting(10, 5_000, 4),
                ChainParams.defaults().retargeting(10, 10_000, 2),
                ChainParams.defaults());
        java.util.Set<String> ids = new java.util.HashSet<>(List.of(base.rules().id().hex()));
        java.util.Set<String> genesisHashes = new java.util.HashSet<>(List.of(base.genesis().hash().hex()));
        for (ChainParams variant : variants) {
            assertTrue(ids.add(variant.rules().id().hex()), "two networks share an id: " + variant);
            assertTrue(genesisHashes.add(variant.genesis().hash().hex()), "two networks share a genesis: " + variant);
            assertTrue(base.rules().firstDifference(values(variant.rules())).isPresent());
        }
        assertEquals(11, base.rules().rules().size(), "a new rule needs its own variant above");
    }

    @Test
    void theFirstDifferingRuleIsNamedInWords() {
        NetworkRules ours = ChainParams.defaults().retargeting(10, 10_000, 4).rules();
        NetworkRules theirs = ChainParams.defaults().retargeting(20, 10_000, 4).rules();
        assertEquals("retarget interval 20 vs 10 here", ours.firstDifference(values(theirs)).orElseThrow());
        assertTrue(ours.firstDifference(values(ours)).isEmpty());
        java.util.Map<String, String> withNewRule = new java.util.HashMap<>(values(ours));
        withNewRule.put("max_block_bytes", "1000000");
        assertEquals("max block bytes 1000000 vs none here", ours.firstDifference(withNewRule).orElseThrow());
    }

    private static java.util.Map<String, String> values(NetworkRules rules) {
        java.util.Map<String, String> values = new java.util.HashMap<>();
        rules.rules().forEach(rule -> values.put(rule.name(), rule.value()));
        return values;
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
                "0bfa1a63a854e63ce0725366309c879e3adf3229555c4614b5130dc4281abc58f8c110d4d454e550c66daac60e2823fd0dda54cb3f6d07b0b9bef1253b8cbb01");
        assertEquals("53a55b38fed4d3648c8d2d85999f90611c5208345f4e6fa68e3087a9e03365c8", tx.id().hex());
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
