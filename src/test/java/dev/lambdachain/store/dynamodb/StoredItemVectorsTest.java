package dev.lambdachain.store.dynamodb;

import dev.lambdachain.core.Account;
import dev.lambdachain.core.Amount;
import dev.lambdachain.core.Block;
import dev.lambdachain.core.ChainWork;
import dev.lambdachain.core.Hash;
import dev.lambdachain.core.Head;
import dev.lambdachain.core.Target;
import dev.lambdachain.core.Transaction;
import dev.lambdachain.core.TransactionRecord;
import dev.lambdachain.core.TransactionRecord.Status;
import dev.lambdachain.store.PeerStanding;
import dev.lambdachain.support.SignedVector;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Known answers for every item kind the store writes (docs/DYNAMODB.md, stored format 1): a fixed
 * value is encoded and its attribute map compared with the pinned one, then decoded back. A change
 * to any of these is a change of the stored format, which tables written before it must survive.
 */
class StoredItemVectorsTest {
    private static final String TABLE = "chain";
    private static final Hash NETWORK = Hash.parse(SignedVector.GENESIS, "genesis");
    private static final Transaction SIGNED = new Transaction(NETWORK, SignedVector.SENDER, SignedVector.RECIPIENT,
            Amount.of(SignedVector.AMOUNT), SignedVector.TIMESTAMP, SignedVector.SEQUENCE, SignedVector.PUBLIC_KEY,
            SignedVector.SIGNATURE);
    private static final Transaction COINBASE = Transaction.coinbase("miner", Amount.of(10), 1, 1_700_000_002_000L);
    private static final Block BLOCK = Block.assemble(1, 1_700_000_002_000L, NETWORK, 4, List.of(COINBASE, SIGNED))
            .withNonce(42);
    private static final Block BLOCK_V2 = Block.assemble(1, 1_700_000_002_000L, NETWORK, Target.ofCompact(0x1f00ffff),
            List.of(COINBASE)).withNonce(7);
    private static final ChainWork WORK = ChainWork.ZERO.plus(BLOCK.powTarget());
    /** The signed transaction in stored format 1 (docs/DYNAMODB.md). */
    private static final String SIGNED_BODY = "[\"" + SignedVector.SENDER + "\",\"" + SignedVector.RECIPIENT
            + "\",25,1700000001000,0,\"" + SignedVector.PUBLIC_KEY + "\",\"" + SignedVector.SIGNATURE + "\"]";
    private static final String COINBASE_BODY = "[\"coinbase\",\"miner\",10,1700000002000,1,null,null]";
    private static final String BLOCK_BODY = "[1,1700000002000,\"" + SignedVector.GENESIS
            + "\",\"d17069970d63df976904528f0f763d4878106499a04872330a0ad929765af553\",4,42,["
            + COINBASE_BODY + "," + SIGNED_BODY + "]]";
    private static final String WORK_OF_DIFFICULTY_4 = "0000000000000000000000000000000000000000000000000000000000010000";

    /** An attribute map as sorted text: {@code name=S:text}, {@code name=N:number}, {@code name=BOOL:true}. */
    static String render(Map<String, AttributeValue> item) {
        return new TreeMap<>(item).entrySet().stream().map(e -> e.getKey() + "=" + render(e.getValue()))
                .collect(Collectors.joining(", ", "{", "}"));
    }

    private static String render(AttributeValue value) {
        if (value.s() != null) {
            return "S:" + value.s();
        }
        if (value.n() != null) {
            return "N:" + value.n();
        }
        return "BOOL:" + value.bool();
    }

    /** An update as its expressions and values. */
    private static String render(Update update) {
        return render(update.key()) + " " + update.updateExpression()
                + (update.conditionExpression() == null ? "" : " IF " + update.conditionExpression())
                + " " + render(update.expressionAttributeValues());
    }

    /** {@code item} renders as {@code expected} and decodes to {@code record}. */
    private static void assertTransactionItem(String expected, TransactionRecord record,
                                              Map<String, AttributeValue> item) {
        assertEquals(expected, render(item));
        assertEquals(record, TransactionCodec.decode(item, NETWORK));
    }

    @Test
    void aBlockItem() {
        Map<String, AttributeValue> item = BlockCodec.put(TABLE, BLOCK, WORK).put().item();
        assertEquals("{body=S:" + BLOCK_BODY
                + ", hash=S:91aa28574ab2164215cf32f9b5aff8851fa41e86797703ba6436c7c0f0608d80, height=N:1, pk=S:BLOCK,"
                + " sk=S:0000000000000000001, v=N:1, work=S:" + WORK_OF_DIFFICULTY_4 + "}", render(item));
        assertEquals(BLOCK, BlockCodec.decode(item, List.of(), NETWORK));
        assertEquals(WORK, BlockCodec.work(item));
    }

    @Test
    void aVersion2BlockBody() {
        Map<String, AttributeValue> item = BlockCodec.put(TABLE, BLOCK_V2, WORK).put().item();
        assertEquals("[1,1700000002000,\"" + SignedVector.GENESIS
                + "\",\"2036eed2e9dc5117ee4b10c26f1436bee9663ea1cc4155b99f6795843b35ff7b\",0,7,[" + COINBASE_BODY
                + "],520159231]", item.get("body").s());
        assertEquals(BLOCK_V2, BlockCodec.decode(item, List.of(), NETWORK));
    }

    @Test
    void aStagedBlockItem() {
        Map<String, AttributeValue> item = BlockCodec.stage(TABLE, "e1", true, BLOCK, WORK).put().item();
        assertEquals("{body=S:" + BLOCK_BODY
                + ", hash=S:91aa28574ab2164215cf32f9b5aff8851fa41e86797703ba6436c7c0f0608d80, height=N:1, pk=S:STAGE#e1,"
                + " sk=S:N#0000000000000000001, v=N:1, work=S:" + WORK_OF_DIFFICULTY_4 + "}", render(item));
        assertEquals(BLOCK, BlockCodec.decode(item, List.of(), NETWORK));
    }

    @Test
    void aBlockOfMoreThan500TransactionsKeepsThemInPartItemsOf500() {
        List<Transaction> txs = new java.util.ArrayList<>(List.of(COINBASE));
        for (int i = 0; i < 1_100; i++) {
            txs.add(new Transaction(NETWORK, "genesis", "r" + i, Amount.of(i + 1), 1_700_000_001_000L, 0, null, null));
        }
        Block big = Block.assemble(1, 1_700_000_002_000L, NETWORK, 4, txs).withNonce(42);
        Map<String, AttributeValue> item = BlockCodec.put(TABLE, big, WORK).put().item();
        assertEquals("N:3", render(item.get("parts")), "1,101 transactions: parts of 500, 500 and 101");
        assertEquals("[1,1700000002000,\"" + SignedVector.GENESIS + "\",\"" + big.merkleRoot().hex()
                + "\",4,42,[]]", item.get("body").s(), "the body keeps the header, no transaction");
        List<Map<String, AttributeValue>> parts = BlockCodec.putParts(TABLE, big).stream()
                .map(write -> write.put().item()).toList();
        assertEquals(List.of("BODY#" + big.hash().hex() + "/00000", "BODY#" + big.hash().hex() + "/00001",
                "BODY#" + big.hash().hex() + "/00002"), parts.stream()
                .map(part -> part.get("pk").s() + "/" + part.get("sk").s()).toList());
        String first = BlockCodec.partBody(parts.get(0));
        assertTrue(first.startsWith("[" + COINBASE_BODY + ",[\"genesis\",\"r0\",1,1700000001000,0,null,null],"), first);
        assertTrue(BlockCodec.partBody(parts.get(2)).endsWith(",[\"genesis\",\"r1099\",1100,1700000001000,0,null,null]]"));
        assertEquals(big, BlockCodec.decode(item, parts.stream().map(BlockCodec::partBody).toList(), NETWORK));
        assertEquals(0, BlockCodec.putParts(TABLE, BLOCK).size(), "a block of 500 or fewer is one item");
    }

    @Test
    void theHeadItem() {
        Map<String, AttributeValue> item = HeadCodec.start(TABLE, NETWORK).put().item();
        assertEquals("{genesis=S:" + SignedVector.GENESIS + ", hash=S:" + SignedVector.GENESIS
                + ", height=N:0, pk=S:META, sk=S:HEAD, v=N:1, work=S:" + "0".repeat(64) + "}", render(item));
        assertEquals(new Head(0, NETWORK, ChainWork.ZERO), HeadCodec.decode(item));
        assertEquals(SignedVector.GENESIS, HeadCodec.genesis(item));
        Map<String, AttributeValue> swapped = new TreeMap<>(item);
        swapped.put("epoch", AttributeValue.fromS("e1"));
        swapped.put("overlayFrom", AttributeValue.fromN("1"));
        assertEquals(new ChainView(new Head(0, NETWORK, ChainWork.ZERO), "e1", 1), HeadCodec.view(swapped));
    }

    @Test
    void aPendingTransactionItemWithItsMempoolEntry() {
        Map<String, AttributeValue> item = TransactionCodec.putPending(TABLE, SIGNED, 1_700_000_001_500L, 4).put().item();
        assertTransactionItem("{acceptedAt=N:1700000001500, arrival=S:0000001700000001500#" + SignedVector.ID
                + ", mp=S:P#0, pk=S:TX, sk=S:" + SignedVector.ID + ", status=S:PENDING, tx=S:" + SIGNED_BODY + ", v=N:1}",
                new TransactionRecord(SIGNED, Status.PENDING, -1, null, 1_700_000_001_500L), item);
    }

    @Test
    void aConfirmedTransactionItemWithItsHistoryKeys() {
        Map<String, AttributeValue> item = TransactionCodec.confirmForeign(TABLE, SIGNED, 1, 1, 1_700_000_003_000L)
                .put().item();
        assertTransactionItem("{acceptedAt=N:1700000003000, height=N:1, hpos=S:0000000000000000001#00001, hr=S:"
                + SignedVector.RECIPIENT + ", hs=S:" + SignedVector.SENDER + ", pk=S:TX, sk=S:" + SignedVector.ID
                + ", status=S:CONFIRMED, tx=S:" + SIGNED_BODY + ", v=N:1}",
                new TransactionRecord(SIGNED, Status.CONFIRMED, 1, null, 1_700_000_003_000L), item);
    }

    @Test
    void aCoinbaseItem() {
        Map<String, AttributeValue> item = TransactionCodec.putCoinbase(TABLE, COINBASE, 1, 0, 1_700_000_002_000L)
                .put().item();
        assertTransactionItem("{acceptedAt=N:1700000002000, height=N:1, hpos=S:0000000000000000001#00000, hr=S:miner, pk=S:TX,"
                + " sk=S:2036eed2e9dc5117ee4b10c26f1436bee9663ea1cc4155b99f6795843b35ff7b, status=S:CONFIRMED, tx=S:"
                + COINBASE_BODY + ", v=N:1}",
                new TransactionRecord(COINBASE, Status.CONFIRMED, 1, null, 1_700_000_002_000L), item);
    }

    @Test
    void aTransactionStatusStagedByASwapAndReadInItsEpoch() {
        Map<String, AttributeValue> item = TransactionSwapCodec.stageForeign(TABLE, SIGNED, "e1", 2, 1,
                1_700_000_004_000L).put().item();
        assertEquals("{acceptedAt=N:1700000004000, pk=S:TX, reason=S:only in a chain this node has not adopted,"
                + " sEpoch=S:e1, sHeight=N:2, sPos=S:0000000000000000002#00001, sStatus=S:CONFIRMED, sk=S:" + SignedVector.ID
                + ", status=S:REJECTED, tx=S:" + SIGNED_BODY + ", v=N:1}", render(item));
        assertEquals(Status.REJECTED, TransactionCodec.decode(item, NETWORK, null).status());
        assertEquals(new TransactionRecord(SIGNED, Status.CONFIRMED, 2, null, 1_700_000_004_000L),
                TransactionCodec.decode(item, NETWORK, "e1"));
        assertEquals("{pk=S:TX, sk=S:" + SignedVector.ID + "} SET sEpoch = :e, sStatus = :to, sHeight = :h,"
                + " sArrival = :arrival IF #st = :from {:arrival=S:0000001700000001500#" + SignedVector.ID
                + ", :e=S:e1, :from=S:CONFIRMED, :h=N:-1, :to=S:PENDING}",
                render(TransactionSwapCodec.stageReturn(TABLE, SIGNED, "e1", 1_700_000_001_500L)));
    }

    @Test
    void anAccountChangeAndAnAccountItemWithAStagedChange() {
        assertEquals("{pk=S:ACCOUNT, sk=S:" + SignedVector.SENDER + "} ADD balance :b, pending_out :p,"
                + " available :a, seq :sq SET v = :v IF balance >= :hold {:a=N:0, :b=N:-25, :hold=N:25, :p=N:-25,"
                + " :sq=N:1, :v=N:1}",
                render(AccountCodec.change(TABLE, SignedVector.SENDER, new AccountChange(-25, -25, 1, 0), 25L).update()));
        assertEquals("{pk=S:ACCOUNT, sk=S:" + SignedVector.SENDER + "} SET sEpoch = :e, sBalance = :b, sPending = :p,"
                + " sAvailable = :a, sSeq = :sq, sNextSeq = :nq, v = :v {:a=N:0, :b=N:25, :e=S:e1, :nq=N:0, :p=N:25,"
                + " :sq=N:-1, :v=N:1}",
                render(AccountCodec.stage(TABLE, SignedVector.SENDER, "e1", new AccountChange(25, 25, -1, 0))));
        Map<String, AttributeValue> item = Map.ofEntries(Map.entry("pk", AttributeValue.fromS("ACCOUNT")),
                Map.entry("sk", AttributeValue.fromS(SignedVector.SENDER)), Map.entry("v", AttributeValue.fromN("1")),
                Map.entry("balance", AttributeValue.fromN("75")), Map.entry("pending_out", AttributeValue.fromN("5")),
                Map.entry("available", AttributeValue.fromN("70")), Map.entry("seq", AttributeValue.fromN("1")),
                Map.entry("next_seq", AttributeValue.fromN("2")), Map.entry("sEpoch", AttributeValue.fromS("e1")),
                Map.entry("sBalance", AttributeValue.fromN("25")), Map.entry("sPending", AttributeValue.fromN("25")),
                Map.entry("sAvailable", AttributeValue.fromN("0")), Map.entry("sSeq", AttributeValue.fromN("-1")),
                Map.entry("sNextSeq", AttributeValue.fromN("0")));
        assertEquals(new Account(SignedVector.SENDER, 75, 5, 70, 1, 2), AccountCodec.decode(item));
        assertEquals(new Account(SignedVector.SENDER, 100, 30, 70, 0, 2), AccountCodec.decode(item, "e1"));
    }

    @Test
    void aPeerItemItsStandingAndThePeerCount() {
        Map<String, AttributeValue> item = PeerCodec.put(TABLE, "http://127.0.0.1:8080").put().item();
        assertEquals("{pk=S:PEER, sk=S:http://127.0.0.1:8080, v=N:1}", render(item));
        assertEquals(new PeerStanding("http://127.0.0.1:8080", 0, 0), PeerCodec.standing(item));
        Map<String, AttributeValue> penalised = new TreeMap<>(item);
        penalised.put("failures", AttributeValue.fromN("2"));
        penalised.put("retryAt", AttributeValue.fromN("1700000005000"));
        assertEquals(new PeerStanding("http://127.0.0.1:8080", 2, 1_700_000_005_000L), PeerCodec.standing(penalised));
        penalised.put("misses", AttributeValue.fromN("3"));
        assertEquals(new PeerStanding("http://127.0.0.1:8080", 2, 1_700_000_005_000L, 3), PeerCodec.standing(penalised));
        UpdateItemRequest miss = PeerCodec.miss(TABLE, "http://127.0.0.1:8080");
        assertEquals("{pk=S:PEER, sk=S:http://127.0.0.1:8080} ADD #m :one IF attribute_exists(pk) {:one=N:1} #m=misses",
                render(miss.key()) + " " + miss.updateExpression() + " IF " + miss.conditionExpression() + " "
                        + render(miss.expressionAttributeValues()) + " #m=" + miss.expressionAttributeNames().get("#m"));
        assertEquals("{pk=S:META, sk=S:PEERS} ADD #c :added SET v = :v IF attribute_not_exists(#c) OR #c <= :most"
                + " {:added=N:2, :most=N:62, :v=N:1}", render(PeerCodec.raiseCount(TABLE, 2, 64).update()));
    }

    /** A change in stages records its claim and progress on the head (docs/DYNAMODB.md, invariant 4): what a resumed one reads. */
    @Test
    void theHeadWhileAChangeIsStagedOrFolded() {
        Hash tip = BLOCK.hash();
        HeadCodec.Staging staging = new HeadCodec.Staging("e1", NETWORK, 0, tip, 2, 0);
        assertEquals("{pk=S:META, sk=S:HEAD} SET stagingEpoch = :epoch, stagingFrom = :fromHash, stagingFork = :fork,"
                + " stagingTip = :tip, stagingBlocks = :blocks, stagingDone = :zero"
                + " IF height = :fromHeight AND #h = :fromHash AND attribute_not_exists(overlayFrom)"
                + " {:blocks=N:2, :epoch=S:e1, :fork=N:0, :fromHash=S:" + SignedVector.GENESIS + ", :fromHeight=N:0,"
                + " :tip=S:" + tip.hex() + ", :zero=N:0}",
                render(HeadCodec.claim(TABLE, new Head(0, NETWORK, ChainWork.ZERO), staging).update()));
        assertEquals("{pk=S:META, sk=S:HEAD} SET stagingDone = :done IF stagingEpoch = :epoch {:done=N:3, :epoch=S:e1}",
                render(HeadCodec.stagedBy(TABLE, "e1", 3).update()));
        assertEquals("{pk=S:META, sk=S:HEAD} SET foldDone = :done IF epoch = :epoch AND attribute_exists(overlayFrom)"
                + " {:done=N:4, :epoch=S:e1}", render(HeadCodec.foldedBy(TABLE, "e1", 4).update()));
        assertEquals("{pk=S:META, sk=S:HEAD} REMOVE stagingEpoch, stagingFrom, stagingFork, stagingTip, stagingBlocks,"
                + " stagingDone IF stagingEpoch = :epoch {:epoch=S:e1}", render(HeadCodec.abandon(TABLE, "e1").update()));

        Map<String, AttributeValue> item = new TreeMap<>(HeadCodec.start(TABLE, NETWORK).put().item());
        assertEquals(Optional.empty(), HeadCodec.staging(item));
        assertEquals(0, HeadCodec.foldDone(item));
        item.put("stagingEpoch", AttributeValue.fromS("e1"));
        assertEquals(Optional.empty(), HeadCodec.staging(item), "a claim without its progress is not resumed");
        item.put("stagingFrom", AttributeValue.fromS(SignedVector.GENESIS));
        item.put("stagingFork", AttributeValue.fromN("0"));
        item.put("stagingTip", AttributeValue.fromS(tip.hex()));
        item.put("stagingBlocks", AttributeValue.fromN("2"));
        item.put("stagingDone", AttributeValue.fromN("3"));
        assertEquals(Optional.of(new HeadCodec.Staging("e1", NETWORK, 0, tip, 2, 3)), HeadCodec.staging(item));
        assertTrue(HeadCodec.staging(item).orElseThrow().blocksStaged());
        item.put("foldDone", AttributeValue.fromN("4"));
        assertEquals(4, HeadCodec.foldDone(item));
    }

    @Test
    void theLeaseItem() {
        assertEquals("{expiresAt=N:1700000030000, holder=S:mining in process 1@host #0, pk=S:META, sk=S:LEASE, v=N:1}",
                render(MiningLease.item("mining in process 1@host #0", 1_700_000_030_000L)));
    }
}
