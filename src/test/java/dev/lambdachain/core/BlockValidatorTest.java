package dev.lambdachain.core;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every consensus rule rejects the block that breaks it, naming the height and the rule. */
class BlockValidatorTest {
    private static final ChainParams PARAMS = new ChainParams(2, Amount.of(10), "genesis", Amount.of(1000),
            ChainParams.DEFAULT_GENESIS_TIMESTAMP, 8, 60_000, SignatureMode.DEV);
    private static final BlockValidator VALIDATOR = new BlockValidator(PARAMS);
    private static final long NOW = ChainParams.DEFAULT_GENESIS_TIMESTAMP + 1_000_000;

    private static Transaction pay(String from, String to, long amount, long timestamp) {
        return new Transaction(from, to, Amount.of(amount), timestamp, 0, null, null);
    }

    /** A mined child of {@code parent} carrying {@code txs} after a correct coinbase. */
    private static Block child(Block parent, List<Transaction> txs, UnaryOperator<Block> tamper) {
        long height = parent.height() + 1;
        long timestamp = parent.timestamp() + 1000;
        List<Transaction> body = new ArrayList<>();
        body.add(Transaction.coinbase("miner", PARAMS.reward(), height, timestamp));
        body.addAll(txs);
        Block template = tamper.apply(Block.assemble(height, timestamp, parent.hash(), PARAMS.difficulty(), body));
        return ProofOfWork.search(template, 1, System.nanoTime() + 10_000_000_000L).orElseThrow();
    }

    private static Ledger ledgerAfter(Block... blocks) {
        Ledger ledger = Ledger.empty();
        for (Block block : blocks) {
            ledger.apply(block);
        }
        return ledger;
    }

    private static String rejection(Block block, Block parent, Ledger ledger) {
        VerificationException e = assertThrows(VerificationException.class,
                () -> VALIDATOR.verify(block, parent, ledger, NOW));
        assertEquals(block.height(), e.height());
        return e.getMessage();
    }

    @Test
    void validChildPassesAndMovesBalances() {
        Block genesis = PARAMS.genesis();
        Block one = child(genesis, List.of(pay("genesis", "alice", 100, genesis.timestamp())), b -> b);
        Ledger ledger = ledgerAfter(genesis);
        VALIDATOR.verify(one, genesis, ledger, NOW);
        ledger.apply(one);
        assertEquals(Amount.of(900), ledger.balance("genesis"));
        assertEquals(Amount.of(100), ledger.balance("alice"));
        assertEquals(Amount.of(10), ledger.balance("miner"));
    }

    @Test
    void brokenLinkIsNamed() {
        Block genesis = PARAMS.genesis();
        Block bad = child(genesis, List.of(), b -> new Block(b.height(), b.timestamp(), Hash.of(new byte[]{1}),
                b.merkleRoot(), b.difficulty(), 0, b.transactions()));
        assertTrue(rejection(bad, genesis, ledgerAfter(genesis)).contains("previous_hash expected"));
    }

    @Test
    void missingProofOfWorkIsNamed() {
        Block genesis = PARAMS.genesis();
        Block mined = child(genesis, List.of(), b -> b);
        Block unmined = mined;
        for (long nonce = 0; ProofOfWork.meets(unmined); nonce++) {
            unmined = mined.withNonce(nonce);
        }
        assertTrue(rejection(unmined, genesis, ledgerAfter(genesis)).contains("leading zero hex digits"));
    }

    @Test
    void claimedEasierDifficultyIsRejectedEvenWithValidWork() {
        Block genesis = PARAMS.genesis();
        Block easy = child(genesis, List.of(), b -> new Block(b.height(), b.timestamp(), b.previousHash(),
                b.merkleRoot(), 1, 0, b.transactions()));
        assertTrue(rejection(easy, genesis, ledgerAfter(genesis)).contains("difficulty expected 2, found 1"));
    }

    @Test
    void wrongMerkleRootIsNamed() {
        Block genesis = PARAMS.genesis();
        Block bad = child(genesis, List.of(), b -> new Block(b.height(), b.timestamp(), b.previousHash(),
                Hash.of(new byte[]{7}), b.difficulty(), 0, b.transactions()));
        assertTrue(rejection(bad, genesis, ledgerAfter(genesis)).contains("merkle_root expected"));
    }

    @Test
    void inflatedCoinbaseIsRejected() {
        Block genesis = PARAMS.genesis();
        Block bad = child(genesis, List.of(), b -> {
            List<Transaction> txs = List.of(Transaction.coinbase("miner", Amount.of(1_000_000), 1, b.timestamp()));
            return Block.assemble(1, b.timestamp(), b.previousHash(), b.difficulty(), txs);
        });
        assertTrue(rejection(bad, genesis, ledgerAfter(genesis)).contains("coinbase amount expected 10"));
    }

    @Test
    void blockWithoutCoinbaseFirstIsRejected() {
        Block genesis = PARAMS.genesis();
        Block bad = child(genesis, List.of(), b -> Block.assemble(1, b.timestamp(), b.previousHash(), b.difficulty(),
                List.of(pay("genesis", "alice", 1, b.timestamp()))));
        assertTrue(rejection(bad, genesis, ledgerAfter(genesis)).contains("first transaction must be the coinbase"));
    }

    @Test
    void overspendIsRejectedWithTheNumbers() {
        Block genesis = PARAMS.genesis();
        Block bad = child(genesis, List.of(pay("genesis", "alice", 600, genesis.timestamp()),
                pay("genesis", "bob", 600, genesis.timestamp() + 1)), b -> b);
        String message = rejection(bad, genesis, ledgerAfter(genesis));
        assertTrue(message.contains("overspends") && message.contains("has 1000") && message.contains("1200"), message);
    }

    @Test
    void transactionConfirmedEarlierCannotBeReplayed() {
        Block genesis = PARAMS.genesis();
        Transaction tx = pay("genesis", "alice", 5, genesis.timestamp());
        Block one = child(genesis, List.of(tx), b -> b);
        Block replay = child(one, List.of(tx), b -> b);
        assertTrue(rejection(replay, one, ledgerAfter(genesis, one)).contains("already confirmed"));
    }

    @Test
    void sameTransactionTwiceInOneBlockIsRejected() {
        Block genesis = PARAMS.genesis();
        Transaction tx = pay("genesis", "alice", 5, genesis.timestamp());
        Block bad = child(genesis, List.of(tx, tx), b -> b);
        assertTrue(rejection(bad, genesis, ledgerAfter(genesis)).contains("appears twice"));
    }

    @Test
    void blockFromTheFarFutureIsRejected() {
        Block genesis = PARAMS.genesis();
        Block bad = child(genesis, List.of(), b -> {
            long future = NOW + 3_600_000;
            return Block.assemble(1, future, b.previousHash(), b.difficulty(),
                    List.of(Transaction.coinbase("miner", PARAMS.reward(), 1, future)));
        });
        assertTrue(rejection(bad, genesis, ledgerAfter(genesis)).contains("too far in the future"));
    }

    @Test
    void tooManyTransactionsIsRejected() {
        Block genesis = PARAMS.genesis();
        List<Transaction> txs = new ArrayList<>();
        for (int i = 0; i < PARAMS.maxTransactionsPerBlock(); i++) {
            txs.add(pay("genesis", "p" + i, 1, genesis.timestamp()));
        }
        Block bad = child(genesis, txs, b -> b);
        assertTrue(rejection(bad, genesis, ledgerAfter(genesis)).contains("a block holds 1 to 8"));
    }

    @Test
    void chainValidatorReportsTheFirstBadHeight() {
        Block genesis = PARAMS.genesis();
        Block one = child(genesis, List.of(), b -> b);
        Block two = child(one, List.of(), b -> b);
        Block forged = two;
        for (long nonce = two.nonce() + 1; ProofOfWork.meets(forged); nonce++) {
            forged = two.withNonce(nonce);
        }
        ChainValidator chain = new ChainValidator(VALIDATOR);
        assertTrue(chain.validate(List.of(genesis, one, two).iterator(), NOW).valid());
        ChainValidator.Result result = chain.validate(List.of(genesis, one, forged).iterator(), NOW);
        assertFalse(result.valid());
        assertEquals(2, result.height());
        assertEquals(2, result.length());
    }

    @Test
    void chainFromAnotherGenesisIsRejectedAtHeightZero() {
        ChainParams other = new ChainParams(2, Amount.of(10), "someone", Amount.of(1000),
                ChainParams.DEFAULT_GENESIS_TIMESTAMP, 8, 60_000, SignatureMode.DEV);
        ChainValidator.Result result = new ChainValidator(VALIDATOR).validate(List.of(other.genesis()).iterator(), NOW);
        assertFalse(result.valid());
        assertEquals(0, result.height());
        assertTrue(result.error().contains("genesis hash expected"));
    }

    @Test
    void revertUndoesApplyExactly() {
        Block genesis = PARAMS.genesis();
        Transaction tx = pay("genesis", "alice", 100, genesis.timestamp());
        Block one = child(genesis, List.of(tx), b -> b);
        Ledger ledger = ledgerAfter(genesis, one);
        ledger.revert(one);
        assertEquals(Amount.of(1000), ledger.balance("genesis"));
        assertEquals(Amount.ZERO, ledger.balance("alice"));
        assertFalse(ledger.isConfirmed(tx.id()));
    }

    @Test
    void parallelValidationReportsTheSameFirstBadHeightAsOneThread() {
        List<Block> chain = new ArrayList<>();
        chain.add(PARAMS.genesis());
        for (int h = 1; h <= 120; h++) {
            Block parent = chain.get(chain.size() - 1);
            chain.add(child(parent, List.of(pay("genesis", "p" + h, 1, parent.timestamp())), b -> b));
        }
        ChainValidator validator = new ChainValidator(VALIDATOR);
        assertTrue(validator.validate(chain.iterator(), NOW, 2).valid());
        assertEquals(121, validator.validate(chain.iterator(), NOW, 2).length());

        List<Block> broken = new ArrayList<>(chain);
        Block overspend = child(chain.get(69), List.of(pay("nobody", "thief", 5, chain.get(69).timestamp())), b -> b);
        broken.set(70, overspend);                           // a context failure (balance) at 70
        Block badWork = chain.get(90);
        for (long nonce = badWork.nonce() + 1; ProofOfWork.meets(badWork); nonce++) {
            badWork = chain.get(90).withNonce(nonce);
        }
        broken.set(90, badWork);                              // a contents failure (work) at 90
        ChainValidator.Result one = validator.validate(broken.iterator(), NOW, 1);
        ChainValidator.Result two = validator.validate(broken.iterator(), NOW, 2);
        assertFalse(one.valid());
        assertEquals(70, one.height());
        assertEquals(one, two);

        List<String> encoded = broken.stream().map(b -> dev.lambdachain.wire.Json.write(dev.lambdachain.wire.ProtocolJson.block(b))).toList();
        List<String> garbled = new ArrayList<>(encoded.subList(0, 50));
        garbled.add("{\"height\": \"fifty\"}");
        ChainValidator.Result undecodable = validator.validate(garbled.iterator(), json -> dev.lambdachain.wire.ProtocolJson.readBlock(dev.lambdachain.wire.Json.read(json, "block"), VALIDATOR.genesisHash()), NOW, 2);
        assertFalse(undecodable.valid());
        assertEquals(50, undecodable.height());
    }

    @Test
    void theFirstForgedSignatureInBlockOrderIsNamedThoughTheSignaturesAreCheckedInParallel() {
        Block genesis = PARAMS.genesis();
        Hash network = genesis.hash();
        List<Transaction> signed = new ArrayList<>();
        for (int key = 1; key < PARAMS.maxTransactionsPerBlock(); key++) {
            signed.add(dev.lambdachain.support.TestKey.numbered(key).pay(network, "alice", key, genesis.timestamp(), 0));
        }
        VALIDATOR.verifyContents(child(genesis, signed, b -> b));

        List<Transaction> forged = new ArrayList<>(signed);
        for (int i : new int[]{forged.size() - 3, forged.size() - 1}) {
            Transaction honest = forged.get(i);
            forged.set(i, new Transaction(network, honest.sender(), honest.recipient(), honest.amount(),
                    honest.timestamp(), honest.sequence(), honest.publicKey(), signed.get(0).signature()));
        }
        Block block = child(genesis, forged, b -> b);
        VerificationException e = assertThrows(VerificationException.class, () -> VALIDATOR.verifyContents(block));
        assertEquals(1, e.height());
        assertTrue(e.getMessage().contains("transaction " + forged.get(forged.size() - 3).id()
                + " has a signature that does not verify"), e.getMessage());
    }
}
