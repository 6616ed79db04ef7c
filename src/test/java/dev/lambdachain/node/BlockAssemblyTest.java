package dev.lambdachain.node;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lambdachain.core.Account;
import dev.lambdachain.core.Amount;
import dev.lambdachain.core.Block;
import dev.lambdachain.core.Hash;
import dev.lambdachain.core.Ledger;
import dev.lambdachain.core.ProofOfWork;
import dev.lambdachain.core.Transaction;
import dev.lambdachain.core.TransactionRecord;
import dev.lambdachain.core.TransactionRule;
import dev.lambdachain.core.VerificationException;
import dev.lambdachain.store.ChainStore;
import dev.lambdachain.support.LocalDynamo;
import dev.lambdachain.support.LyingPeers;
import dev.lambdachain.support.TestKey;
import dev.lambdachain.wire.ProtocolJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Block assembly and the validator judge a pending transaction by the same rule objects: for each
 * rule, a transaction the validator would refuse in a block is left out of the mined block
 * (rejected, or left pending when it may fit later) with the validator's own reason.
 */
class BlockAssemblyTest {
    @RegisterExtension
    static final LocalDynamo dynamo = new LocalDynamo();
    @RegisterExtension
    static final LyingPeers peers = new LyingPeers();

    private static final TestKey OWNER = TestKey.numbered(11);
    private static final TestKey ANN = TestKey.numbered(12);
    private static final TestKey BEN = TestKey.numbered(13);
    private static final TestKey CAL = TestKey.numbered(14);
    private static final TestKey MINER = TestKey.numbered(15);
    private static final TestKey PAYEE = TestKey.numbered(16);
    private static final TestKey RIVAL = TestKey.numbered(17);
    private static final long BUDGET_MILLIS = 30_000;

    private static Node requiredChain() {
        Node node = dynamo.newNode(Map.of(NodeConfig.SIGNATURE_MODE, "required", NodeConfig.DIFFICULTY, "2",
                NodeConfig.GENESIS_ADDRESS, OWNER.address(), NodeConfig.MINER_ADDRESS, MINER.address(),
                NodeConfig.MINING_THREADS, "2", NodeConfig.PEER_TIMEOUT_MILLIS, "5000"));
        node.prepareChain();
        return node;
    }

    @Test
    void miningLeavesOutWhatTheValidatorRefusesWithTheValidatorsReason() {
        Node node = requiredChain();
        Hash network = node.validator().genesisHash();
        long now = node.clock().millis();
        for (TestKey payee : List.of(ANN, BEN, CAL)) {
            long sequence = node.queries().account(OWNER.address()).nextSequence();
            submit(node, OWNER.pay(network, payee.address(), 100, now, sequence));
        }
        node.mining().mine(MINER.address(), BUDGET_MILLIS); // block 1 funds ANN, BEN and CAL and pays MINER 10
        // spends the node accepts while they are covered
        Transaction annSpends = submit(node, ANN.pay(network, PAYEE.address(), 50, now, 0));
        Transaction minerSpends = submit(node, MINER.pay(network, PAYEE.address(), 5, now, 0));
        Transaction minerNext = submit(node, MINER.pay(network, PAYEE.address(), 3, now, 1));
        // what POST /transactions/new refuses, put straight into the mempool as a faulty or older node might
        ChainStore store = dynamo.connection().chainStore(node.config().tableName(), node.clock(),
                node.config().mempoolShards(), network);
        Transaction datedAhead = BEN.pay(network, PAYEE.address(), 10, now + Duration.ofHours(3).toMillis(), 0);
        Transaction forged = altered(network, CAL.pay(network, PAYEE.address(), 10, now, 0));
        Transaction toNamed = CAL.pay(network, "bob", 10, now, 1);
        for (Transaction tx : List.of(datedAhead, forged, toNamed)) {
            store.accept().run(tx, node.clock().millis());
        }
        // a heavier chain without block 1: its transfers return to the mempool and its reward is gone,
        // so ANN waits for her pending funding and MINER can pay nothing
        Block genesis = node.config().chain().genesis();
        Block one = LyingPeers.mine(genesis, RIVAL.address(), List.of());
        Block two = LyingPeers.mine(one, RIVAL.address(), List.of());
        List<JsonNode> heavier = List.of(ProtocolJson.block(genesis), ProtocolJson.block(one), ProtocolJson.block(two));
        node.peers().register(List.of(peers.serving("heavier-" + System.nanoTime(), heavier, 2, network)));
        assertTrue(node.consensus().resolve(BUDGET_MILLIS).replaced());

        Ledger atHead = Ledger.empty();
        List.of(genesis, one, two).forEach(atHead::apply);
        Map<Transaction, String> rejected = new LinkedHashMap<>();
        for (Transaction tx : List.of(minerSpends, minerNext, forged, toNamed)) {
            rejected.put(tx, validatorReason(node, two, atHead, List.of(tx)));
        }
        Map<Transaction, String> leftPending = new LinkedHashMap<>();
        for (Transaction tx : List.of(annSpends, datedAhead)) {
            leftPending.put(tx, validatorReason(node, two, atHead, List.of(tx)));
        }

        BlockAssembly.Plan plan = plan(node, Transaction.coinbase(MINER.address(), node.config().chain().reward(),
                3, Math.max(node.clock().millis(), two.timestamp())));
        assertEquals(rejected, reasons(plan.rejected()));
        assertEquals(leftPending, reasons(plan.leftPending()));
        assertEquals(List.of(TransactionRule.SPENDING_COVERED, TransactionRule.SEQUENCE_NOT_SKIPPED,
                        TransactionRule.SIGNATURE_VERIFIES, TransactionRule.PAYS_A_KEY_ADDRESS_WHERE_REQUIRED),
                plan.rejected().values().stream().map(TransactionRule.Refusal::rule).toList());
        assertEquals(List.of(TransactionRule.SPENDING_COVERED, TransactionRule.DATED_BY_ITS_BLOCK),
                plan.leftPending().values().stream().map(TransactionRule.Refusal::rule).toList());

        Block mined = node.mining().mine(MINER.address(), BUDGET_MILLIS);
        assertEquals(List.of(OWNER.address()), mined.transactions().stream().skip(1).map(Transaction::sender)
                .distinct().toList(), "only the returned funding fits");
        assertEquals(3, mined.transactions().size() - 1);
        rejected.forEach((tx, reason) -> {
            TransactionRecord record = node.queries().transaction(tx.id());
            assertEquals(TransactionRecord.Status.REJECTED, record.status(), reason);
            assertEquals(reason, record.reason());
        });
        leftPending.keySet().forEach(tx -> assertEquals(TransactionRecord.Status.PENDING,
                node.queries().transaction(tx.id()).status()));
    }

    /**
     * The rules no mempool reaches through acceptance (a stale sequence, a spending sum past a
     * long, an unsigned transfer on a required chain, a transaction twice), asked of the same
     * assembly with the accounts given.
     */
    @Test
    void rulesNoMempoolReachesAreAskedTheSameWay() {
        Node node = requiredChain();
        Hash network = node.validator().genesisHash();
        Block genesis = node.config().chain().genesis();
        long now = node.clock().millis();
        Map<String, Account> senders = new HashMap<>();
        senders.put(ANN.address(), new Account(ANN.address(), 100, 0, 100, 3, 4));
        senders.put(BEN.address(), new Account(BEN.address(), Long.MAX_VALUE, 0, Long.MAX_VALUE, 0, 2));
        senders.put("alice", new Account("alice", 100, 0, 100, 0, 0));
        Transaction stale = ANN.pay(network, PAYEE.address(), 5, now, 2);
        Transaction benFirst = BEN.pay(network, PAYEE.address(), Long.MAX_VALUE - 1, now, 0);
        Transaction benOverflows = BEN.pay(network, PAYEE.address(), 2, now, 1);
        Transaction unsigned = new Transaction("alice", PAYEE.address(), Amount.of(5), now, 0, null, null);
        Transaction coinbase = Transaction.coinbase(MINER.address(), node.config().chain().reward(), 1, now);
        List<TransactionRecord> candidates = new ArrayList<>();
        for (Transaction tx : List.of(stale, benFirst, benOverflows, unsigned, benFirst)) {
            candidates.add(new TransactionRecord(tx, TransactionRecord.Status.PENDING, -1, null, now));
        }

        BlockAssembly.Plan plan = BlockAssembly.plan(node.validator(), candidates, senders, coinbase);

        Ledger chain = Ledger.on(Ledger.Lookup.of(
                address -> Amount.of(senders.containsKey(address) ? senders.get(address).balance() : 0),
                address -> senders.containsKey(address) ? senders.get(address).confirmedSequence() : 0,
                id -> false));
        assertEquals(List.of(coinbase, benFirst), plan.body());
        Map<Transaction, String> rejected = new LinkedHashMap<>();
        rejected.put(stale, validatorReason(node, genesis, chain, List.of(stale)));
        rejected.put(benOverflows, validatorReason(node, genesis, chain, List.of(benFirst, benOverflows)));
        rejected.put(unsigned, validatorReason(node, genesis, chain, List.of(unsigned)));
        assertEquals(rejected, reasons(plan.rejected()));
        assertEquals(List.of(TransactionRule.SEQUENCE_NOT_REUSED, TransactionRule.SIGNED_WHERE_REQUIRED,
                        TransactionRule.SPENDING_WITHIN_RANGE),
                plan.rejected().values().stream().map(TransactionRule.Refusal::rule).toList());
        // BEN's turns go to his lowest sequence first: the copy of sequence 0 comes before sequence 1, and is
        // refused as the validator refuses it, but never rejected: the first is in the block
        assertEquals(Map.of(benFirst, validatorReason(node, genesis, chain, List.of(benFirst, benFirst))),
                reasons(plan.leftPending()));
    }

    /**
     * A spend short of funds waits only for a payment that can be confirmed itself: transfers
     * that fund only each other (a pair, and a pair whose one sender holds part of the amount)
     * are rejected with the validator's reason, while a spend funded by a payment that fits now,
     * and a spend two such payments away, are left pending for a later block.
     */
    @Test
    void transfersThatFundOnlyEachOtherAreRejectedWhileSpendsWithConfirmableFundingWait() {
        Node node = devChain();
        long now = node.clock().millis();
        Map<String, Account> senders = named(Map.of("ann", 0L, "ben", 0L, "cal", 100L, "dan", 0L, "eve", 0L,
                "gus", 0L, "hal", 5L));
        Transaction annToBen = unsigned("ann", "ben", 50, now);
        Transaction benToAnn = unsigned("ben", "ann", 50, now);
        Transaction danToEve = unsigned("dan", "eve", 30, now);
        Transaction eveToFay = unsigned("eve", "fay", 20, now);
        Transaction gusToHal = unsigned("gus", "hal", 10, now);
        Transaction halToGus = unsigned("hal", "gus", 10, now);
        Transaction calToDan = unsigned("cal", "dan", 60, now);
        Transaction coinbase = Transaction.coinbase("miner", node.config().chain().reward(), 1, now);

        BlockAssembly.Plan plan = BlockAssembly.plan(node.validator(), pending(List.of(annToBen, benToAnn, danToEve,
                eveToFay, gusToHal, halToGus, calToDan), now), senders, coinbase);

        assertEquals(List.of(coinbase, calToDan), plan.body());
        Ledger chain = Ledger.on(BlockAssembly.confirmed(senders));
        Block genesis = node.config().chain().genesis();
        Map<Transaction, String> rejected = new LinkedHashMap<>();
        for (Transaction tx : List.of(annToBen, benToAnn, gusToHal, halToGus)) {
            rejected.put(tx, validatorReason(node, genesis, chain, List.of(tx)));
        }
        assertEquals(rejected, reasons(plan.rejected()));
        assertEquals(List.of(danToEve, eveToFay), List.copyOf(plan.leftPending().keySet()));
        plan.leftPending().values().forEach(refusal -> assertEquals(TransactionRule.SPENDING_COVERED, refusal.rule()));
    }

    /**
     * Signed transfers that fund only each other are rejected with the validator's reason, and a
     * later transfer of one of their senders with them: it would skip the rejected sequence.
     */
    @Test
    void aSignedCycleIsRejectedWithTheLaterTransfersOfItsSenders() {
        Node node = requiredChain();
        Hash network = node.validator().genesisHash();
        long now = node.clock().millis();
        Map<String, Account> senders = new HashMap<>();
        senders.put(ANN.address(), new Account(ANN.address(), 0, 55, -55, 0, 2));
        senders.put(BEN.address(), new Account(BEN.address(), 0, 50, -50, 0, 1));
        Transaction annToBen = ANN.pay(network, BEN.address(), 50, now, 0);
        Transaction benToAnn = BEN.pay(network, ANN.address(), 50, now, 0);
        Transaction annNext = ANN.pay(network, PAYEE.address(), 5, now, 1);
        Transaction coinbase = Transaction.coinbase(MINER.address(), node.config().chain().reward(), 1, now);

        BlockAssembly.Plan plan = BlockAssembly.plan(node.validator(), pending(List.of(annToBen, benToAnn, annNext),
                now), senders, coinbase);

        assertEquals(List.of(coinbase), plan.body());
        Ledger chain = Ledger.on(BlockAssembly.confirmed(senders));
        Block genesis = node.config().chain().genesis();
        Map<Transaction, String> rejected = new LinkedHashMap<>();
        rejected.put(annToBen, validatorReason(node, genesis, chain, List.of(annToBen)));
        rejected.put(benToAnn, validatorReason(node, genesis, chain, List.of(benToAnn)));
        rejected.put(annNext, validatorReason(node, genesis, chain, List.of(annNext)));
        assertEquals(rejected, reasons(plan.rejected()));
        assertEquals(List.of(TransactionRule.SPENDING_COVERED, TransactionRule.SPENDING_COVERED,
                TransactionRule.SEQUENCE_NOT_SKIPPED), plan.rejected().values().stream()
                .map(TransactionRule.Refusal::rule).toList());
        assertEquals(Map.of(), plan.leftPending());
    }

    /**
     * A named sender's spend that nothing confirmable funds is rejected, and its later transfers
     * still count: the one that fits is taken, and the spend it funds waits instead of being
     * rejected with the first.
     */
    @Test
    void aRejectedSpendDoesNotTakeTheSendersLaterTransfersWithIt() {
        Node node = devChain();
        long now = node.clock().millis();
        Map<String, Account> senders = named(Map.of("ivy", 20L, "jon", 0L));
        Transaction ivyTooMuch = unsigned("ivy", "kit", 100, now);
        Transaction ivyToJon = unsigned("ivy", "jon", 10, now);
        Transaction jonToLee = unsigned("jon", "lee", 10, now);
        Transaction coinbase = Transaction.coinbase("miner", node.config().chain().reward(), 1, now);

        BlockAssembly.Plan plan = BlockAssembly.plan(node.validator(), pending(List.of(ivyTooMuch, jonToLee, ivyToJon),
                now), senders, coinbase);

        assertEquals(List.of(coinbase, ivyToJon), plan.body());
        assertEquals(List.of(ivyTooMuch), List.copyOf(plan.rejected().keySet()));
        assertEquals(TransactionRule.SPENDING_COVERED, plan.rejected().get(ivyTooMuch).rule());
        assertEquals(List.of(jonToLee), List.copyOf(plan.leftPending().keySet()));
    }

    /**
     * The worst order for a search that goes over the view again each time a payment lands: 8,192
     * pending, each funded by the one that arrived after it, only the newest payable now. One
     * plan takes the newest, leaves every other pending and rejects nothing, asking the accounts
     * a bounded number of times per transaction (each ask is one rule judging one transaction),
     * not once per transaction per pass.
     */
    @Test
    void aLongChainOfFundingInReverseOrderIsJudgedInWorkLinearInItsLength() {
        Node node = devChain();
        long now = node.clock().millis();
        int count = 2 * node.config().chain().maxTransactionsPerBlock();
        CountingAccounts senders = new CountingAccounts();
        List<Transaction> chain = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            senders.put("n" + i, new Account("n" + i, i == count - 1 ? 1 : 0, 0, 0, 0, 0));
            chain.add(unsigned("n" + i, i == 0 ? "end" : "n" + (i - 1), 1, now));
        }
        Transaction coinbase = Transaction.coinbase("miner", node.config().chain().reward(), 1, now);

        BlockAssembly.Plan plan = BlockAssembly.plan(node.validator(), pending(chain, now), senders, coinbase);

        assertEquals(List.of(coinbase, chain.get(count - 1)), plan.body());
        assertEquals(Map.of(), plan.rejected());
        assertEquals(count - 1, plan.leftPending().size());
        assertTrue(senders.asked <= 16L * count, senders.asked + " asks for " + count + " transactions");
    }

    /** Accounts that count how often they are asked for one. */
    private static final class CountingAccounts extends HashMap<String, Account> {
        long asked;

        @Override
        public Account get(Object address) {
            asked++;
            return super.get(address);
        }

        @Override
        public boolean containsKey(Object address) {
            asked++;
            return super.containsKey(address);
        }
    }

    private static Node devChain() {
        return dynamo.newNode(Map.of(NodeConfig.DIFFICULTY, "1"));
    }

    /** Named accounts holding the confirmed balances given, with nothing pending counted. */
    private static Map<String, Account> named(Map<String, Long> balances) {
        Map<String, Account> accounts = new HashMap<>();
        balances.forEach((address, balance) -> accounts.put(address, new Account(address, balance, 0, balance, 0, 0)));
        return accounts;
    }

    private static Transaction unsigned(String sender, String recipient, long amount, long timestamp) {
        return new Transaction(sender, recipient, Amount.of(amount), timestamp, 0, null, null);
    }

    private static List<TransactionRecord> pending(List<Transaction> txs, long acceptedAt) {
        return txs.stream().map(tx -> new TransactionRecord(tx, TransactionRecord.Status.PENDING, -1, null,
                acceptedAt)).toList();
    }

    private static Transaction submit(Node node, Transaction tx) {
        return node.payments().submitSigned(tx.sender(), tx.recipient(), tx.amount(), tx.timestamp(), tx.sequence(),
                tx.publicKey(), tx.signature());
    }

    /** {@code tx} with its amount raised by one after signing: its signature no longer verifies. */
    private static Transaction altered(Hash network, Transaction tx) {
        return new Transaction(network, tx.sender(), tx.recipient(),
                tx.amount().plus(Amount.of(1)), tx.timestamp(), tx.sequence(), tx.publicKey(), tx.signature());
    }

    /** Assembly's plan for the next block now, from the node's mempool and accounts, behind {@code coinbase}. */
    private static BlockAssembly.Plan plan(Node node, Transaction coinbase) {
        List<TransactionRecord> mempool = node.queries().mempool(2 * node.config().chain().maxTransactionsPerBlock());
        Map<String, Account> senders = new HashMap<>();
        mempool.forEach(r -> senders.computeIfAbsent(r.transaction().sender(), node.queries()::account));
        return BlockAssembly.plan(node.validator(), mempool, senders, coinbase);
    }

    /**
     * What the validator says of a mined child of {@code parent} holding a coinbase and then
     * {@code txs}, over the balances of {@code chain}: the reason it refuses the block.
     */
    private static String validatorReason(Node node, Block parent, Ledger chain, List<Transaction> txs) {
        long height = parent.height() + 1;
        long timestamp = Math.max(node.clock().millis(), parent.timestamp());
        List<Transaction> body = new ArrayList<>();
        body.add(Transaction.coinbase(MINER.address(), node.config().chain().reward(), height, timestamp));
        body.addAll(txs);
        Block template = Block.assemble(height, timestamp, parent.hash(), parent.difficulty(), body);
        Block block = ProofOfWork.search(template, 1, Duration.ofSeconds(30)).orElseThrow();
        return assertThrows(VerificationException.class,
                () -> node.validator().verify(block, parent, chain, node.clock().millis())).reason();
    }

    private static Map<Transaction, String> reasons(Map<Transaction, TransactionRule.Refusal> refusals) {
        Map<Transaction, String> reasons = new LinkedHashMap<>();
        refusals.forEach((tx, refusal) -> reasons.put(tx, refusal.reason()));
        return reasons;
    }
}
