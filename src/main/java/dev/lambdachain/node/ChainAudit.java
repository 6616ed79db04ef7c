package dev.lambdachain.node;

import dev.lambdachain.core.Account;
import dev.lambdachain.core.ChainValidator;
import dev.lambdachain.core.Head;
import dev.lambdachain.core.Ledger;
import dev.lambdachain.core.Page;
import dev.lambdachain.store.ChainStore;

import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The integrity check behind GET /validate: replays the stored chain from genesis, a page of
 * blocks at a time, through every block rule, then checks the stored balances against the replay.
 * A chain that moved while it was read is read again, never reported as corrupt.
 */
public final class ChainAudit {
    /**
     * The outcome: blocks checked ({@code length}); when invalid, the first bad height and why;
     * when valid, how many addresses the replay compared.
     */
    public record Report(boolean valid, long length, long height, String error, int accountsChecked) {
    }

    private static final int PAGE = 200;
    private static final int ACCOUNT_PAGE = 500;
    private static final int ATTEMPTS = 2;

    private final NodeParts parts;
    private final ChainStore store;

    ChainAudit(NodeParts parts) {
        this.parts = parts;
        this.store = parts.store();
    }

    /** @throws TryAgainException when the chain kept changing while it was read */
    public Report run() {
        for (int attempt = 1; ; attempt++) {
            Head head = store.blocks().head();
            Ledger replayed = Ledger.empty();
            ChainValidator.Result result = new ChainValidator(parts.validator()).validate(storedChain(head.height()),
                    ChainStore.StoredBlock::decode, parts.clock().millis(), Runtime.getRuntime().availableProcessors(), replayed);
            String balanceError = result.valid() ? compareBalances(replayed) : null;
            boolean moved = !store.blocks().head().equals(head);
            if ((!result.valid() || balanceError != null) && moved) {
                // a block appended or swapped while we read is not corruption: look again
                if (attempt < ATTEMPTS) {
                    continue;
                }
                throw new TryAgainException("the chain kept changing while it was checked; try again", null);
            }
            if (!result.valid()) {
                return new Report(false, result.length(), result.height(), result.error(), 0);
            }
            if (balanceError != null) {
                return new Report(false, result.length(), result.length() - 1, balanceError, 0);
            }
            return new Report(true, result.length(), -1, null, replayed.changedBalances().size());
        }
    }

    /**
     * Every stored account against the replay: confirmed balance and sequence equal, {@code available} equal to
     * balance minus pending outgoing, and no address the chain paid missing from the store.
     */
    private String compareBalances(Ledger replayed) {
        Set<String> unseen = new HashSet<>(replayed.changedBalances().keySet());
        String after = null;
        do {
            Page<Account> page = store.accounts().page(after, ACCOUNT_PAGE);
            for (Account account : page.items()) {
                long expected = replayed.balance(account.address()).units();
                if (account.balance() != expected) {
                    return "stored balance of " + account.address() + " is " + account.balance()
                            + " but the chain gives " + expected;
                }
                long difference = Math.subtractExact(account.balance(), account.pendingOut());
                if (account.available() != difference) {
                    return "stored available balance of " + account.address() + " is " + account.available()
                            + " but balance " + account.balance() + " minus pending " + account.pendingOut()
                            + " is " + difference;
                }
                long sequence = replayed.nextSequence(account.address());
                if (account.confirmedSequence() != sequence) {
                    return "stored sequence of " + account.address() + " is " + account.confirmedSequence()
                            + " but the chain gives " + sequence;
                }
                unseen.remove(account.address());
            }
            after = page.next();
        } while (after != null);
        return unseen.stream().filter(a -> replayed.balance(a).units() != 0).findFirst()
                .map(a -> "the chain pays " + a + " " + replayed.balance(a) + " but the store has no account")
                .orElse(null);
    }

    /** The stored block bodies up to {@code top}, a page at a time; decoding happens on the validator's threads. */
    private Iterator<ChainStore.StoredBlock> storedChain(long top) {
        return new Iterator<>() {
            private List<ChainStore.StoredBlock> page = store.blocks().stored(0, (int) Math.min(PAGE, top + 1));
            private long nextHeight = page.size();
            private int index;

            @Override
            public boolean hasNext() {
                if (index == page.size() && nextHeight <= top && !page.isEmpty()) {
                    page = store.blocks().stored(nextHeight, (int) Math.min(PAGE, top + 1 - nextHeight));
                    nextHeight += page.size();
                    index = 0;
                }
                return index < page.size();
            }

            @Override
            public ChainStore.StoredBlock next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return page.get(index++);
            }
        };
    }
}
