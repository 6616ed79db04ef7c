package dev.lambdachain.node;

import dev.lambdachain.core.Account;
import dev.lambdachain.core.Amount;
import dev.lambdachain.core.BlockBody;
import dev.lambdachain.core.ChainParams;
import dev.lambdachain.core.Ledger;
import dev.lambdachain.core.Transaction;
import dev.lambdachain.core.TransactionRule;

import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The pending transactions in view that some run of later blocks could confirm, judged from the
 * senders' confirmed balances and sequences with the block rules themselves: a transaction counts
 * once what its sender spends up to it, in the sender's order, is covered by the confirmed balance
 * plus what counted transactions pay the sender. This is the least such set, grown to a fixed
 * point, so a payment counts as funding only when it can be confirmed itself: transfers that fund
 * only each other in a cycle, or a spend funded only by a transaction that is never confirmed, are
 * left out, and block assembly rejects them (docs/DYNAMODB.md, "Block assembly").
 *
 * <p>Optimistic where the view cannot know: the date rule is left out (a later block lifts it),
 * signatures are left to assembly, which checks each at its turn (a forged payment counted here
 * only delays a rejection to the next block), and a sender whose sequence gap a transaction out of
 * view may fill counts as paying everything it sends. Rewards of blocks not yet mined count for
 * nothing. Each transaction is judged once, plus once more each time a counted payment reaches its
 * waiting sender, so the cost grows with the number in view (a priority queue adds a logarithm).
 */
final class ConfirmableInView {
    /** Rules that cannot tell "never": the date passes, and the signature is checked at the transaction's turn. */
    private static final Set<TransactionRule> NOT_ASKED = EnumSet.of(TransactionRule.DATED_BY_ITS_BLOCK,
            TransactionRule.SIGNATURE_VERIFIES);

    /** One sender's transactions in its order, and how far the fixed point has counted them. */
    private static final class Sender {
        final List<Transaction> inOrder;
        int next;
        boolean waiting;

        Sender(List<Transaction> inOrder) {
            this.inOrder = inOrder;
        }
    }

    /** An unsigned sender waiting for funds at its transaction number {@code position}, which arrived {@code arrival}th. */
    private record Waiting(int arrival, String sender, int position) {
    }

    private final Map<String, Sender> senders = new LinkedHashMap<>();
    private final Map<Transaction, Integer> arrival = new HashMap<>();
    private final Map<String, Amount> credits = new HashMap<>();
    private final Predicate<String> gapMayFill;
    private final BlockBody counted;
    private final Set<Transaction> confirmable = new HashSet<>();
    private final Deque<String> funded = new ArrayDeque<>();
    private final PriorityQueue<Waiting> unsignedWaiting = new PriorityQueue<>(Comparator.comparingInt(Waiting::arrival));

    private ConfirmableInView(ChainParams params, long timestamp, Map<String, Account> accounts,
                              Predicate<String> gapMayFill) {
        this.gapMayFill = gapMayFill;
        Ledger.Lookup confirmed = BlockAssembly.confirmed(accounts);
        this.counted = new BlockBody(params, timestamp, Ledger.on(Ledger.Lookup.of(
                address -> cappedSum(confirmed.balance(address), credits.getOrDefault(address, Amount.ZERO)),
                address -> accounts.containsKey(address) ? accounts.get(address).confirmedSequence() : 0,
                id -> false)));
    }

    /**
     * Which of {@code inOrder}'s transactions a run of later blocks could confirm.
     *
     * @param params     the chain's rules
     * @param timestamp  the date of the block being assembled (epoch ms; the date rule is not asked)
     * @param inArrival  the pending transactions in view, oldest first
     * @param inOrder    the same, by sender, each sender's in the order its transactions must be confirmed
     * @param accounts   every sender's account as the store holds it now
     * @param gapMayFill whether a sender's sequence gap may be filled by a pending transaction out of view
     */
    static Set<Transaction> of(ChainParams params, long timestamp, List<Transaction> inArrival,
                               Map<String, List<Transaction>> inOrder, Map<String, Account> accounts,
                               Predicate<String> gapMayFill) {
        ConfirmableInView view = new ConfirmableInView(params, timestamp, accounts, gapMayFill);
        for (int i = 0; i < inArrival.size(); i++) {
            view.arrival.putIfAbsent(inArrival.get(i), i);
            view.senders.computeIfAbsent(inArrival.get(i).sender(), s -> new Sender(inOrder.get(s)));
        }
        view.funded.addAll(view.senders.keySet());
        view.grow();
        return view.confirmable;
    }

    /**
     * Counts what can be counted until nothing more can; then an unsigned sender still waiting,
     * the oldest first, gives up the transaction it waits on (assembly rejects it) and its later
     * ones are judged without it. A signed sender's later ones would skip a sequence: they stay out.
     */
    private void grow() {
        do {
            while (!funded.isEmpty()) {
                count(senders.get(funded.poll()));
            }
            Waiting oldest = unsignedWaiting.poll();
            if (oldest != null) {
                Sender sender = senders.get(oldest.sender());
                if (sender.waiting && sender.next == oldest.position()) {
                    sender.waiting = false;
                    sender.next++;
                    funded.add(oldest.sender());
                }
            }
        } while (!funded.isEmpty() || !unsignedWaiting.isEmpty());
    }

    /** Counts {@code sender}'s transactions from where it stopped, until one it cannot pay yet or one that never fits. */
    private void count(Sender sender) {
        while (sender.next < sender.inOrder.size()) {
            Transaction tx = sender.inOrder.get(sender.next);
            TransactionRule refusedBy = refusal(tx);
            if (refusedBy == null) {
                counted.add(tx);
                confirmable.add(tx);
                credit(tx);
            } else if (refusedBy == TransactionRule.SPENDING_COVERED) {
                sender.waiting = true;
                if (!tx.isSigned()) {
                    unsignedWaiting.add(new Waiting(arrival.get(tx), tx.sender(), sender.next));
                }
                return;
            } else if (refusedBy == TransactionRule.SEQUENCE_NOT_SKIPPED) {
                if (gapMayFill.test(tx.sender())) {
                    sender.inOrder.subList(sender.next, sender.inOrder.size()).forEach(later -> {
                        confirmable.add(later);
                        credit(later);
                    });
                    sender.next = sender.inOrder.size();
                }
                return;
            }
            // a copy, a stale sequence, an overflow, a payee or signing the chain refuses: never counted
            sender.next++;
        }
    }

    private TransactionRule refusal(Transaction tx) {
        for (TransactionRule rule : TransactionRule.values()) {
            if (!NOT_ASKED.contains(rule) && rule.check(tx, counted).isPresent()) {
                return rule;
            }
        }
        return null;
    }

    /** {@code tx}'s payment reaches its recipient, which counts on if it was waiting for funds. */
    private void credit(Transaction tx) {
        credits.put(tx.recipient(), cappedSum(credits.getOrDefault(tx.recipient(), Amount.ZERO), tx.amount()));
        Sender recipient = senders.get(tx.recipient());
        if (recipient != null && recipient.waiting) {
            recipient.waiting = false;
            funded.add(tx.recipient());
        }
    }

    /** {@code a + b}, or the largest amount when that overflows: no spending a long can hold exceeds it anyway. */
    private static Amount cappedSum(Amount a, Amount b) {
        return Long.MAX_VALUE - a.units() < b.units() ? Amount.of(Long.MAX_VALUE) : a.plus(b);
    }
}
