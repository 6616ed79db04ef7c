package dev.lambdachain.node;

import dev.lambdachain.core.Account;
import dev.lambdachain.core.Amount;
import dev.lambdachain.core.BlockBody;
import dev.lambdachain.core.BlockValidator;
import dev.lambdachain.core.Ledger;
import dev.lambdachain.core.Transaction;
import dev.lambdachain.core.TransactionRecord;
import dev.lambdachain.core.TransactionRule;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Decides the body of the next block from the oldest pending transactions, asking the
 * validator's own rules ({@link BlockValidator#refusal}, {@link BlockValidator#hasRoomFor})
 * which of them fit, and writes nothing: the caller writes the rejections once the whole block
 * is decided. What may still fit later stays pending; what never can is rejected with the reason
 * the validator would give.
 */
final class BlockAssembly {
    private BlockAssembly() {
    }

    /**
     * A decided block body: the coinbase and the transactions it takes, in block order; the ones
     * to reject; and the ones left pending with the rule that keeps them out for now (both in the
     * order they were judged).
     */
    record Plan(List<Transaction> body, Map<Transaction, TransactionRule.Refusal> rejected,
                Map<Transaction, TransactionRule.Refusal> leftPending) {
    }

    /** Balances and sequences as the chain confirmed them, from the senders' accounts; nothing pending is confirmed. */
    static Ledger.Lookup confirmed(Map<String, Account> senders) {
        return Ledger.Lookup.of(
                address -> Amount.of(senders.containsKey(address) ? senders.get(address).balance() : 0),
                address -> senders.containsKey(address) ? senders.get(address).confirmedSequence() : 0,
                id -> false);
    }

    /**
     * Takes {@code candidates} (oldest first) behind {@code coinbase} while the block has room,
     * each signed sender's in sequence order. Of what a rule refuses, rejects what can never be
     * confirmed: a spend the confirmed balance cannot pay while no pending transaction in view
     * that can itself be confirmed pays the sender ({@link ConfirmableInView}: a cycle of
     * transfers that fund only each other is rejected whole), a sequence the chain has confirmed
     * already, a sequence after one that will never come (every pending transaction of the
     * sender is in view and none fills the gap), a bad or missing signature, a payment a
     * required-mode chain cannot hold. Leaves pending what may fit later: a transaction dated
     * ahead of this block, a spend a confirmable pending transaction funds in a later block (the
     * chain counts only confirmed balances within a block), with the sender's later ones behind
     * it, a gap a transaction out of view may fill.
     *
     * @param senders the account of every candidate's sender, as the store holds it now
     */
    static Plan plan(BlockValidator validator, List<TransactionRecord> candidates, Map<String, Account> senders,
                     Transaction coinbase) {
        Map<String, Deque<Transaction>> bySequence = new HashMap<>();
        Map<String, Long> inView = new HashMap<>();
        for (TransactionRecord candidate : candidates) {
            Transaction tx = candidate.transaction();
            bySequence.computeIfAbsent(tx.sender(), s -> new ArrayDeque<>()).add(tx);
            if (tx.isSigned()) {
                inView.merge(tx.sender(), 1L, Long::sum);
            }
        }
        Map<String, List<Transaction>> inOrder = new HashMap<>();
        bySequence.forEach((sender, txs) -> inOrder.put(sender, txs.stream()
                .sorted(Comparator.comparingLong(Transaction::sequence)).toList()));
        bySequence.replaceAll((sender, txs) -> new ArrayDeque<>(inOrder.get(sender)));
        Predicate<String> gapMayFill = sender -> inView.getOrDefault(sender, 0L)
                != senders.get(sender).nextSequence() - senders.get(sender).confirmedSequence();
        // a sender paid by a pending transaction that can be confirmed itself may yet afford what it cannot today
        Set<Transaction> confirmable = ConfirmableInView.of(validator.params(), coinbase.timestamp(),
                candidates.stream().map(TransactionRecord::transaction).toList(), inOrder, senders, gapMayFill);
        Set<String> waiting = new HashSet<>();
        BlockBody judged = new BlockBody(validator.params(), coinbase.timestamp(), Ledger.on(confirmed(senders)));
        List<Transaction> body = new ArrayList<>(List.of(coinbase));
        Map<Transaction, TransactionRule.Refusal> rejected = new LinkedHashMap<>();
        Map<Transaction, TransactionRule.Refusal> leftPending = new LinkedHashMap<>();
        for (TransactionRecord candidate : candidates) {
            if (!validator.hasRoomFor(body.size() + 1)) {
                break;
            }
            // the sender's turn at this place in arrival order goes to its lowest sequence left
            Transaction tx = bySequence.get(candidate.transaction().sender()).poll();
            if (waiting.contains(tx.sender())) {
                continue; // behind a waiting transaction of the same sender, in order
            }
            Optional<TransactionRule.Refusal> refusal = validator.refusal(tx, judged);
            if (refusal.isEmpty()) {
                judged.add(tx);
                body.add(tx);
            } else if (mayFitLater(refusal.get().rule(), tx, gapMayFill, confirmable)) {
                leftPending.put(tx, refusal.get());
                if (refusal.get().rule() == TransactionRule.SPENDING_COVERED) {
                    waiting.add(tx.sender());
                }
            } else {
                rejected.put(tx, refusal.get());
            }
        }
        return new Plan(body, rejected, leftPending);
    }

    /** Whether a transaction that {@code rule} refuses now may still be confirmed in a later block. */
    private static boolean mayFitLater(TransactionRule rule, Transaction tx, Predicate<String> gapMayFill,
                                       Set<Transaction> confirmable) {
        return switch (rule) {
            case DATED_BY_ITS_BLOCK -> true; // a later block takes it
            case SEQUENCE_NOT_SKIPPED -> gapMayFill.test(tx.sender());
            case SPENDING_COVERED -> confirmable.contains(tx);
            // a pending transaction is neither twice in the mempool nor confirmed: never refused for that
            case UNIQUE_IN_BLOCK, NOT_CONFIRMED_BEFORE -> true;
            case PAYS_A_KEY_ADDRESS_WHERE_REQUIRED, SIGNED_WHERE_REQUIRED, SIGNATURE_VERIFIES, SEQUENCE_NOT_REUSED,
                    SPENDING_WITHIN_RANGE -> false;
        };
    }
}
