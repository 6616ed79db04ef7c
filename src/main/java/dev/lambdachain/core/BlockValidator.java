package dev.lambdachain.core;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The one place a block is judged: header rules (linkage, timestamp, difficulty, proof of work,
 * Merkle root) and body rules (coinbase, signatures and the signature mode, duplicates, replays,
 * sequences, balances). Each rule throws a
 * {@link VerificationException} naming the height, what was expected and what was found.
 */
public final class BlockValidator {
    /** For callers on a network that does not retarget, where no ancestor is ever asked for. */
    private static final CalculatedTargetRule.Ancestors NO_ANCESTORS = height -> {
        throw new IllegalStateException("a retargeting network needs the ancestors of a block to check its target");
    };

    private final ChainParams params;
    private final Hash genesisHash;
    private final CalculatedTargetRule targetRule;

    public BlockValidator(ChainParams params) {
        this.params = params;
        this.genesisHash = params.genesis().hash();
        this.targetRule = new CalculatedTargetRule(params.retarget());
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
        checkHeightLimit(block);
        checkDifficulty(block);
        checkProofOfWork(block);
        checkSize(block);
        checkMerkleRoot(block);
        checkCoinbase(block);
        checkTransactionsAlone(block);
    }

    /** The rules that need the chain below: linkage, time, replays, sequences and balances. In chain order. */
    public void verifyInContext(Block block, Block parent, Ledger ledger, long nowMillis) {
        verifyInContext(block, parent, NO_ANCESTORS, ledger, nowMillis);
    }

    /** As above, with the target rule of a retargeting network, which reads {@code ancestors}. */
    public void verifyInContext(Block block, Block parent, CalculatedTargetRule.Ancestors ancestors, Ledger ledger,
                                long nowMillis) {
        checkLinkage(block, parent);
        checkTimestamp(block, parent, nowMillis);
        if (params.retargets()) {
            targetRule.check(PowHeader.of(block), PowHeader.of(parent), ancestors);
        }
        SpendingRule.check(block, ledger);
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

    private void checkTimestamp(Block block, Block parent, long nowMillis) {
        if (block.timestamp() < parent.timestamp()) {
            throw new VerificationException(block.height(),
                    "timestamp " + block.timestamp() + " is before its parent's " + parent.timestamp());
        }
        if (block.timestamp() - nowMillis > params.maxFutureDriftMillis()) {
            throw new VerificationException(block.height(),
                    "timestamp " + block.timestamp() + " is too far in the future");
        }
    }

    private void checkDifficulty(Block block) {
        if (block.version() != (params.retargets() ? HeaderV2.VERSION : 1)) {
            throw new VerificationException(block.height(), "header version expected "
                    + (params.retargets() ? HeaderV2.VERSION : 1) + ", found " + block.version());
        }
        if (params.retargets()) {
            return; // the target is checked against its retarget in context
        }
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
        if (count < 1 || count > params.maxTransactionsPerBlock()) {
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
        checkRecipientKind(block, coinbase);
    }

    /** On a required-mode chain coins go to key addresses only: a named account could never spend them. */
    private void checkRecipientKind(Block block, Transaction tx) {
        if (params.signatureMode() == SignatureMode.REQUIRED && !Address.looksLikeKeyAddress(tx.recipient())) {
            throw new VerificationException(block.height(), "transaction " + tx.id() + " pays the named account '"
                    + tx.recipient() + "', but this chain requires signatures: only key addresses can receive");
        }
    }

    /** Unsigned only from a named account on a dev chain. (Key, address and sender were matched when it was read.) */
    private void checkSignature(Block block, Transaction tx) {
        if (!tx.isSigned() && params.signatureMode() == SignatureMode.REQUIRED) {
            throw new VerificationException(block.height(), "transaction " + tx.id() + " from '" + tx.sender()
                    + "' is unsigned, but this chain requires signed transactions");
        }
    }

    /**
     * A signed transfer's signature verifies under its key over this network's bytes. Checked
     * on all cores (the common fork-join pool): a block of thousands of signed transactions is
     * its signatures' cost; the first bad one in block order is reported.
     */
    private static void checkSignaturesVerify(Block block) {
        block.transactions().parallelStream()
                .filter(tx -> tx.isSigned() && !tx.hasValidSignature())
                .findFirst()
                .ifPresent(tx -> {
                    throw new VerificationException(block.height(), "transaction " + tx.id() + " has a signature"
                            + " that does not verify under its public key (altered after signing, signed by another"
                            + " key or for another network)");
                });
    }

    private void checkTransactionsAlone(Block block) {
        Set<Hash> seen = new HashSet<>();
        for (Transaction tx : block.transactions().subList(1, block.transactions().size())) {
            if (!seen.add(tx.id())) {
                throw new VerificationException(block.height(), "transaction " + tx.id() + " appears twice");
            }
            if (tx.timestamp() - block.timestamp() > params.maxFutureDriftMillis()) { // both >= 0: no overflow
                throw new VerificationException(block.height(), "transaction " + tx.id() + " is dated after its block");
            }
            checkRecipientKind(block, tx);
            checkSignature(block, tx);
        }
        checkSignaturesVerify(block);
    }
}
