package dev.lambdachain.core;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Known answers for the encodings docs/PROTOCOL.md writes down, so that another implementation
 * can check itself against them and no change to our bytes passes unnoticed. The same values
 * stand in docs/PROTOCOL.md, "Test vectors".
 */
class ProtocolVectorsTest {
    static final String GENESIS_HASH = "4a9407c98aeadb92f01587f964ca9d922a2a5d2d2f5e0d5ce336d70888de4712";
    /** The rules of the default network, docs/PROTOCOL.md "Network identity", checked with Python's struct and hashlib. */
    static final String DEFAULT_RULES = "01000b"
            + "000a646966666963756c7479" + "000134"
            + "000f67656e657369735f61646472657373" + "000767656e65736973"
            + "000e67656e657369735f737570706c79" + "000731303030303030"
            + "001167656e657369735f74696d657374616d70" + "000d31373030303030303030303030"
            + "00176d61785f6675747572655f64726966745f6d696c6c6973" + "000737323030303030"
            + "001a6d61785f7472616e73616374696f6e735f7065725f626c6f636b" + "00023332"
            + "000e72657461726765745f636c616d70" + "000130"
            + "001172657461726765745f696e74657276616c" + "000130"
            + "0006726577617264" + "00023130"
            + "000e7369676e61747572655f6d6f6465" + "0003646576"
            + "00137461726765745f626c6f636b5f6d696c6c6973" + "000130";
    static final String DEFAULT_NETWORK = "a761b65b6f01cee1784a739d2e8a9145f2cf71ae9817cff5e6203fe3d3dd03de";
    static final String DEFAULT_GENESIS_HEADER = "0000000100000000000000000000018bcfe56800"
            + DEFAULT_NETWORK
            + "435a7aff039ce53f9037c7966224ef43242d9fdc8396e67f499347e923903550"
            + "000000040000000000000000";
    /** The default network retargeting every 10 blocks toward 10 s, clamp 4. */
    static final String RETARGETING_NETWORK = "9ece4af651fe99963108ffe1e8780d1a712aae878381615fc3a077a66eee26be";
    static final String RETARGETING_GENESIS_HEADER = "0000000200000000000000000000018bcfe56800"
            + RETARGETING_NETWORK
            + "435a7aff039ce53f9037c7966224ef43242d9fdc8396e67f499347e923903550"
            + "1f00ffff0000000000000000";
    static final String RETARGETING_GENESIS_HASH = "2789e97576b6d028256c92befcee1c1cd48596aafe870ed33f5a5add85fde4e8";
    static final String ALICE_TO_BOB_BYTES =
            "010005616c6963650003626f62000000000000001e0000018bcfe56be800000000000000000000";
    static final String ALICE_TO_BOB_ID = "08049d6de51cd35e8d2d3d92f1ae5f6678bb7b81dfbe7719177a2b1861b18360";
    static final String BOB_TO_CAROL_ID = "fc800420feb485f90007ae280e087083310732a708ff5b05c983b4c57bf9deda";
    static final String COINBASE_ID = "cd2a2e54b9f03b087976a43cec8d3113446a56c06675aec1970eeada64a365bf";
    static final String MERKLE_ROOT_OF_THREE = "ef3000e449d885052ac7804d697e281dbadf744eb3e4405dc6a88d873e794b82";
    static final String HEADER = "0000000100000000000000010000018bcfe573b8"
            + "4a9407c98aeadb92f01587f964ca9d922a2a5d2d2f5e0d5ce336d70888de4712"
            + "ef3000e449d885052ac7804d697e281dbadf744eb3e4405dc6a88d873e794b82"
            + "000000040000000000003039";
    static final String BLOCK_HASH = "0dc0c5996f427f4f650294f1c7347aaf89517cc5ef618996b8c7a2042114811e";

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

    private static byte[] withOneByteChanged(byte[] encoding, int index) {
        byte[] changed = encoding.clone();
        changed[index] ^= 0x01;
        return changed;
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
                "328cce58c7d98a310002315d4b7c0018977d62d10e77ec92526a860af33adf1bd9d55b5912a019da3d4283c5979513af7926e5787b1542e952704a66c559050d");
        assertEquals("8ac48fa411b8b10fd7bf7da934c5fac5f77bf44807f153d30d354da3783d4119", tx.id().hex());
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

    @Test
    void anyOneByteChangeToTheTransactionEncodingFailsItsVector() {
        byte[] canonical = ALICE_TO_BOB.canonicalBytes();
        for (int i = 0; i < canonical.length; i++) {
            byte[] changed = withOneByteChanged(canonical, i);
            assertThrows(AssertionFailedError.class, () -> assertHashesTo(ALICE_TO_BOB_ID, changed),
                    "byte " + i + " of the canonical bytes changed, yet the pinned id still matched");
        }
    }

    @Test
    void anyOneByteChangeToTheHeaderEncodingFailsItsVector() {
        byte[] header = blockOne().headerBytes();
        for (int i = 0; i < header.length; i++) {
            byte[] changed = withOneByteChanged(header, i);
            assertThrows(AssertionFailedError.class, () -> assertHashesTo(BLOCK_HASH, changed),
                    "byte " + i + " of the header changed, yet the pinned hash still matched");
        }
    }
}
