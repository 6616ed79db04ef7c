package dev.lambdachain.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The one place a block is judged, as two lists of small rules in the shape of Besu's
 * {@code BlockHeaderValidator}: those a block passes on its own (height limit, header version,
 * difficulty, proof of work, size, Merkle root, coinbase, and each transaction's
 * {@link TransactionRule}s of {@link TransactionRule.Scope#BLOCK}) and those it passes as the
 * child of its parent (linkage, time, target, and the {@link TransactionRule}s that read the chain
 * below: replays, sequences, balances). Each rule is one check with one reason and throws a
 * {@link VerificationException} naming the height, what was expected and what was found. Block
 * assembly asks the same transaction rules ({@link #refusal}, {@link #hasRoomFor}).
 */
public final class BlockValidator {
    /** A rule a block passes on its own. */
    @FunctionalInterface
    private interface BlockRule {
        void check(Block block);
    }

    /** A rule a block passes as the child of {@code parent}, over balances as of the parent. */
    @FunctionalInterface
    private interface ChildRule {
        void check(Block block, Block parent, CalculatedTargetRule.Ancestors ancestors, Ledger ledger, long nowMillis);
    }

    /** For callers on a network that does not retarget, where no ancestor is ever asked for. */
    private static final CalculatedTargetRule.Ancestors NO_ANCESTORS = height -> {
        throw new IllegalStateException("a retargeting network needs the ancestors of a block to check its target");
    };

    /** The block-scope rules judged in block order; the signatures, which read nothing before them, are checked apart. */
    private static final List<TransactionRule> RULES_ON_BLOCK = inScope(TransactionRule.Scope.BLOCK).stream()
            .filter(rule -> rule != TransactionRule.SIGNATURE_VERIFIES).toList();
    private static final List<TransactionRule> RULES_ON_CHAIN = inScope(TransactionRule.Scope.CHAIN);

    private final ChainParams params;
    private final Hash genesisHash;
    private final CalculatedTargetRule targetRule;
    private final List<BlockRule> blockRules = new ArrayList<>();
    private final List<ChildRule> childRules = new ArrayList<>();

    public BlockValidator(ChainParams params) {
        this.params = params;
        this.genesisHash = params.genesis().hash();
        this.targetRule = new CalculatedTargetRule(params.retarget());
        blockRules.addAll(List.of(this::checkHeightLimit, this::checkHeaderVersion));
        if (!params.retargets()) {
            blockRules.add(this::checkDifficulty); // a retargeting chain's target is checked in context
        }
        blockRules.addAll(List.of(this::checkProofOfWork, this::checkSize, this::checkMerkleRoot,
                this::checkCoinbase, this::checkTransactionsAlone));
        childRules.addAll(List.of((block, parent, ancestors, ledger, nowMillis) -> checkLinkage(block, parent),
                (block, parent, ancestors, ledger, nowMillis) -> checkTimestampAfterParent(block, parent),
                (block, parent, ancestors, ledger, nowMillis) -> checkTimestampBoundedByFuture(block, nowMillis)));
        if (params.retargets()) {
            childRules.add((block, parent, ancestors, ledger, nowMillis) ->
                    targetRule.check(PowHeader.of(block), PowHeader.of(parent), ancestors));
        }
        // replays, sequences and balances: the transaction rules that read the chain below
        childRules.add((block, parent, ancestors, ledger, nowMillis) ->
                checkTransactions(block, ledger, RULES_ON_CHAIN));
    }

    public ChainParams params() {
        return params;
    }

    public Hash genesisHash() {
        return genesisHash;
    }

    public void verifyGenesis(Block block) {
        if (block.height() != 0 || !block.hash().equals(genesisHash)) {
            throw new VerificationException(block.height(),
                    "genesis hash expected " + genesisHash + ", found " + block.hash()
                            + " (the chain belongs to another network or configuration)");
        }
    }

    /** Verifies {@code block} as the child of {@code parent} against balances in {@code ledger}. */
    public void verify(Block block, Block parent, Ledger ledger, long nowMillis) {
        verify(block, parent, NO_ANCESTORS, ledger, nowMillis);
    }

    /** As above; {@code ancestors} answers timestamps of the parent's branch at retarget heights. */
    public void verify(Block block, Block parent, CalculatedTargetRule.Ancestors ancestors, Ledger ledger,
                       long nowMillis) {
        verifyContents(block);
        verifyInContext(block, parent, ancestors, ledger, nowMillis);
    }

    /** The target the child of {@code parent} must carry (its branch below answered by {@code ancestors}). */
    public Target nextTarget(Block parent, CalculatedTargetRule.Ancestors ancestors) {
        return targetRule.expected(PowHeader.of(parent), ancestors);
    }

    /**
     * The rules a block can be judged on alone (difficulty, proof of work, size, Merkle root,
     * coinbase, duplicates, transaction dates, signatures): the costly hashing and signature
     * checks, safe to run in parallel.
     */
    public void verifyContents(Block block) {
        blockRules.forEach(rule -> rule.check(block));
    }

    /** The rules that need the chain below: linkage, time, replays, sequences and balances. In chain order. */
    public void verifyInContext(Block block, Block parent, Ledger ledger, long nowMillis) {
        verifyInContext(block, parent, NO_ANCESTORS, ledger, nowMillis);
    }

    /** As above, with the target rule of a retargeting network, which reads {@code ancestors}. */
    public void verifyInContext(Block block, Block parent, CalculatedTargetRule.Ancestors ancestors, Ledger ledger,
                                long nowMillis) {
        childRules.forEach(rule -> rule.check(block, parent, ancestors, ledger, nowMillis));
    }

    /**
     * Whether a block may hold {@code transactions} transactions, its coinbase counted: the size
     * rule, for block assembly to stop where the validator would refuse.
     */
    public boolean hasRoomFor(int transactions) {
        return transactions <= params.maxTransactionsPerBlock();
    }

    /**
     * The first of the {@link TransactionRule}s (all scopes, in their order) that refuses
     * {@code tx} after the transactions of {@code body}, or empty when {@code tx} may follow them:
     * what block assembly asks of each pending transaction.
     */
    public Optional<TransactionRule.Refusal> refusal(Transaction tx, BlockBody body) {
        for (TransactionRule rule : TransactionRule.values()) {
            Optional<TransactionRule.Refusal> refusal = rule.check(tx, body);
            if (refusal.isPresent()) {
                return refusal;
            }
        }
        return Optional.empty();
    }

    private void checkHeightLimit(Block block) {
        if (block.height() > ChainParams.MAX_HEIGHT) {
            throw new VerificationException(block.height(),
                    "height must be at most " + ChainParams.MAX_HEIGHT + ", found " + block.height());
        }
    }

    private void checkLinkage(Block block, Block parent) {
        if (block.height() != parent.height() + 1) {
            throw new VerificationException(block.height(),
                    "height expected " + (parent.height() + 1) + ", found " + block.height());
        }
        Hash parentHash = parent.hash();
        if (!block.previousHash().equals(parentHash)) {
            throw new VerificationException(block.height(),
                    "previous_hash expected " + parentHash + ", found " + block.previousHash());
        }
    }

    private void checkTimestampAfterParent(Block block, Block parent) {
        if (block.timestamp() < parent.timestamp()) {
            throw new VerificationException(block.height(),
                    "timestamp " + block.timestamp() + " is before its parent's " + parent.timestamp());
        }
    }

    private void checkTimestampBoundedByFuture(Block block, long nowMillis) {
        if (block.timestamp() - nowMillis > params.maxFutureDriftMillis()) {
            throw new VerificationException(block.height(),
                    "timestamp " + block.timestamp() + " is too far in the future");
        }
    }

    private void checkHeaderVersion(Block block) {
        if (block.version() != (params.retargets() ? HeaderV2.VERSION : 1)) {
            throw new VerificationException(block.height(), "header version expected "
                    + (params.retargets() ? HeaderV2.VERSION : 1) + ", found " + block.version());
        }
    }

    private void checkDifficulty(Block block) {
        if (block.difficulty() != params.difficulty()) {
            throw new VerificationException(block.height(),
                    "difficulty expected " + params.difficulty() + ", found " + block.difficulty());
        }
    }

    private void checkProofOfWork(Block block) {
        if (!ProofOfWork.meets(block)) {
            throw new VerificationException(block.height(), "hash " + block.hash() + (block.target() == null
                    ? " does not have " + params.difficulty() + " leading zero hex digits"
                    : " is above its target " + block.target()));
        }
    }

    private void checkSize(Block block) {
        int count = block.transactions().size();
        if (count < 1 || !hasRoomFor(count)) {
            throw new VerificationException(block.height(), "a block holds 1 to "
                    + params.maxTransactionsPerBlock() + " transactions, found " + count);
        }
    }

    private void checkMerkleRoot(Block block) {
        Hash computed = Merkle.rootOf(block.transactions());
        if (!computed.equals(block.merkleRoot())) {
            throw new VerificationException(block.height(),
                    "merkle_root expected " + computed + ", found " + block.merkleRoot());
        }
    }

    private void checkCoinbase(Block block) {
        Transaction coinbase = block.transactions().get(0);
        if (!coinbase.isCoinbase()) {
            throw new VerificationException(block.height(), "first transaction must be the coinbase");
        }
        if (!coinbase.amount().equals(params.reward())) {
            throw new VerificationException(block.height(),
                    "coinbase amount expected " + params.reward() + ", found " + coinbase.amount());
        }
        if (coinbase.sequence() != block.height() || coinbase.timestamp() != block.timestamp()) {
            throw new VerificationException(block.height(),
                    "coinbase must carry the block's height as sequence and its timestamp");
        }
        List<Transaction> rest = block.transactions().subList(1, block.transactions().size());
        if (rest.stream().anyMatch(Transaction::isCoinbase)) {
            throw new VerificationException(block.height(), "only the first transaction may be a coinbase");
        }
        // the coinbase is paid under the same rule as any transfer
        TransactionRule.PAYS_A_KEY_ADDRESS_WHERE_REQUIRED.check(coinbase, new BlockBody(params, block.timestamp(),
                Ledger.empty())).ifPresent(refusal -> {
                    throw new VerificationException(block.height(), refusal.reason());
                });
    }

    /** Each transaction after the coinbase through the rules of {@link TransactionRule.Scope#BLOCK}. */
    private void checkTransactionsAlone(Block block) {
        checkTransactions(block, Ledger.empty(), RULES_ON_BLOCK);
        checkSignaturesVerify(block);
    }

    /**
     * {@link TransactionRule#SIGNATURE_VERIFIES} on all cores (the common fork-join pool): a block
     * of thousands of signed transactions is its signatures' cost. The first bad one in block
     * order is reported.
     */
    private void checkSignaturesVerify(Block block) {
        BlockBody alone = new BlockBody(params, block.timestamp(), Ledger.empty()); // the rule reads nothing of it
        block.transactions().parallelStream()
                .map(tx -> TransactionRule.SIGNATURE_VERIFIES.check(tx, alone))
                .flatMap(Optional::stream)
                .findFirst()
                .ifPresent(refusal -> {
                    throw new VerificationException(block.height(), refusal.reason());
                });
    }

    /** Each transaction after the coinbase, in order, through {@code rules}, over balances as of its parent. */
    private void checkTransactions(Block block, Ledger ledger, List<TransactionRule> rules) {
        BlockBody body = new BlockBody(params, block.timestamp(), ledger);
        for (Transaction tx : block.transactions().subList(1, block.transactions().size())) {
            for (TransactionRule rule : rules) {
                rule.check(tx, body).ifPresent(refusal -> {
                    throw new VerificationException(block.height(), refusal.reason());
                });
            }
            body.add(tx);
        }
    }

    private static List<TransactionRule> inScope(TransactionRule.Scope scope) {
        return Arrays.stream(TransactionRule.values()).filter(rule -> rule.scope() == scope).toList();
    }
}
