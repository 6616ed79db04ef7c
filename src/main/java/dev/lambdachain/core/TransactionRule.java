package dev.lambdachain.core;

import java.util.Optional;

/**
 * The rules a transaction after the coinbase must pass to stand in a block, each one check with
 * one reason (docs/PROTOCOL.md, "Block rules"), judged against the transactions before it in the
 * same block ({@link BlockBody}). {@link BlockValidator} runs them over every block it checks, and
 * block assembly asks the very same ones which pending transactions fit; the reason a transaction
 * is refused reads the same in both. Declared in the order they are asked.
 */
public enum TransactionRule {
    /** No transaction twice in one block. */
    UNIQUE_IN_BLOCK(Scope.BLOCK) {
        @Override
        String reason(Transaction tx, BlockBody body) {
            return body.contains(tx.id()) ? "transaction " + tx.id() + " appears twice" : null;
        }
    },
    /** Not dated further after its block than a block may be dated after the clock. */
    DATED_BY_ITS_BLOCK(Scope.BLOCK) {
        @Override
        String reason(Transaction tx, BlockBody body) {
            return tx.timestamp() - body.timestamp() > body.params().maxFutureDriftMillis() // both >= 0: no overflow
                    ? "transaction " + tx.id() + " is dated after its block" : null;
        }
    },
    /** On a required-mode chain coins go to key addresses only: a named account could never spend them. */
    PAYS_A_KEY_ADDRESS_WHERE_REQUIRED(Scope.BLOCK) {
        @Override
        String reason(Transaction tx, BlockBody body) {
            return body.params().signatureMode() == SignatureMode.REQUIRED
                    && !Address.looksLikeKeyAddress(tx.recipient())
                    ? "transaction " + tx.id() + " pays the named account '" + tx.recipient()
                    + "', but this chain requires signatures: only key addresses can receive" : null;
        }
    },
    /** Unsigned only on a dev chain (key, address and sender were matched when it was read). */
    SIGNED_WHERE_REQUIRED(Scope.BLOCK) {
        @Override
        String reason(Transaction tx, BlockBody body) {
            return !tx.isSigned() && body.params().signatureMode() == SignatureMode.REQUIRED
                    ? "transaction " + tx.id() + " from '" + tx.sender()
                    + "' is unsigned, but this chain requires signed transactions" : null;
        }
    },
    /** A signed transfer's signature verifies under its key, over this network's bytes. */
    SIGNATURE_VERIFIES(Scope.BLOCK) {
        @Override
        String reason(Transaction tx, BlockBody body) {
            return tx.isSigned() && !tx.hasValidSignature()
                    ? "transaction " + tx.id() + " has a signature that does not verify under its public key"
                    + " (altered after signing, signed by another key or for another network)" : null;
        }
    },
    /** Not confirmed by the chain below already: no replay. */
    NOT_CONFIRMED_BEFORE(Scope.CHAIN) {
        @Override
        String reason(Transaction tx, BlockBody body) {
            return body.ledger().isConfirmed(tx.id()) ? "transaction " + tx.id() + " is already confirmed" : null;
        }
    },
    /** A signed transaction does not carry a sequence its sender has used already. */
    SEQUENCE_NOT_REUSED(Scope.CHAIN) {
        @Override
        String reason(Transaction tx, BlockBody body) {
            return tx.isSigned() && tx.sequence() < body.nextSequence(tx.sender())
                    ? sequenceReason(tx, body, " (a replay or a reused sequence)") : null;
        }
    },
    /** A signed transaction does not skip a sequence of its sender. */
    SEQUENCE_NOT_SKIPPED(Scope.CHAIN) {
        @Override
        String reason(Transaction tx, BlockBody body) {
            return tx.isSigned() && tx.sequence() > body.nextSequence(tx.sender())
                    ? sequenceReason(tx, body, " (a skipped sequence)") : null;
        }
    },
    /** What a sender spends in one block is a number of units at all. */
    SPENDING_WITHIN_RANGE(Scope.CHAIN) {
        @Override
        String reason(Transaction tx, BlockBody body) {
            return body.spendingWith(tx).isEmpty()
                    ? "transaction " + tx.id() + " makes " + tx.sender() + "'s spending in this block overflow" : null;
        }
    },
    /** A sender spends in one block no more than its confirmed balance. */
    SPENDING_COVERED(Scope.CHAIN) {
        @Override
        String reason(Transaction tx, BlockBody body) {
            Optional<Amount> outgoing = body.spendingWith(tx);
            Amount available = body.ledger().balance(tx.sender());
            return outgoing.isPresent() && available.isLessThan(outgoing.get())
                    ? "transaction " + tx.id() + " overspends: " + tx.sender() + " has " + available
                    + ", block spends " + outgoing.get() : null;
        }
    };

    /** What a rule needs to judge a transaction, besides the transactions before it in its block. */
    public enum Scope {
        /** The block alone: safe to judge in parallel, before the chain below is known. */
        BLOCK,
        /** The chain below the block: balances, sequences and confirmed ids as of its parent. */
        CHAIN
    }

    /** A transaction that may not stand where it was asked about: the rule it breaks, and why in words. */
    public record Refusal(TransactionRule rule, String reason) {
    }

    private final Scope scope;

    TransactionRule(Scope scope) {
        this.scope = scope;
    }

    public Scope scope() {
        return scope;
    }

    /** The refusal of {@code tx} after the transactions of {@code body}, or empty when this rule lets it stand. */
    public Optional<Refusal> check(Transaction tx, BlockBody body) {
        String reason = reason(tx, body);
        return reason == null ? Optional.empty() : Optional.of(new Refusal(this, reason));
    }

    /** Why {@code tx} breaks this rule after the transactions of {@code body}; null when it does not. */
    abstract String reason(Transaction tx, BlockBody body);

    private static String sequenceReason(Transaction tx, BlockBody body, String kind) {
        return "transaction " + tx.id() + " from " + tx.sender() + " has sequence " + tx.sequence()
                + ", expected sequence " + body.nextSequence(tx.sender()) + kind;
    }
}
