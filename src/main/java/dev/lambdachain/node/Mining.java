package dev.lambdachain.node;

import dev.lambdachain.core.Amount;
import dev.lambdachain.core.Block;
import dev.lambdachain.core.BlockValidator;
import dev.lambdachain.core.Hash;
import dev.lambdachain.core.Ledger;
import dev.lambdachain.log.Log;
import dev.lambdachain.core.NodeException;
import dev.lambdachain.core.ProofOfWork;
import dev.lambdachain.core.Transaction;
import dev.lambdachain.store.Account;
import dev.lambdachain.store.ChainTable;
import dev.lambdachain.store.Head;
import dev.lambdachain.store.MiningLease;
import dev.lambdachain.store.TransactionRecord;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Mines one block: take the lease, assemble the oldest payable pending transactions behind a
 * coinbase, search a nonce within the time budget, and append with the store's conditional
 * transaction. Losing the race for a height is a 409 and leaves every transaction pending.
 */
public final class Mining {
    private static final int ASSEMBLY_ATTEMPTS = 3;
    private static final long SAFETY_MARGIN_MILLIS = 500;
    private static final long LEASE_RESERVE_MILLIS = 3_000;

    private final NodeConfig config;
    private final ChainTable table;
    private final MiningLease lease;
    private final BlockValidator validator;

    Mining(NodeConfig config, ChainTable table, MiningLease lease, BlockValidator validator) {
        this.config = config;
        this.table = table;
        this.lease = lease;
        this.validator = validator;
    }

    /** Mines a block paying {@code miner}; gives up with a 503 after {@code budgetMillis}. */
    public Block mine(String miner, long budgetMillis) {
        if (!Transaction.isValidAddress(miner) || Transaction.COINBASE.equals(miner)) {
            throw NodeException.invalid("miner must be an address: 1 to 64 letters, digits, '_' or '-'");
        }
        // the search must end well inside the lease, leaving time to validate and append under it
        long leaseMillis = config.leaseDuration().toMillis();
        long budget = Math.min(budgetMillis - SAFETY_MARGIN_MILLIS,
                leaseMillis - Math.min(LEASE_RESERVE_MILLIS, leaseMillis / 4));
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(budget, 1));
        String holder = UUID.randomUUID().toString();
        if (!lease.tryAcquire(holder, config.leaseDuration())) {
            long seconds = Math.max(1, (lease.expiresAt() - System.currentTimeMillis() + 999) / 1000);
            throw NodeException.conflict("another miner is mining the next block (its lease ends within "
                    + seconds + " s); your transactions stay pending, try again");
        }
        try {
            for (int attempt = 1; ; attempt++) {
                try {
                    return mineOnce(miner, deadline);
                } catch (ChainTable.StaleView stale) {
                    if (attempt >= ASSEMBLY_ATTEMPTS) {
                        throw new NodeException(NodeException.Kind.UNAVAILABLE,
                                "the mempool kept changing under the block; try again", stale);
                    }
                }
            }
        } finally {
            releaseQuietly(holder);
        }
    }

    /** A failed release must not turn a committed block into an error: the lease expires anyway. */
    private void releaseQuietly(String holder) {
        try {
            lease.release(holder);
        } catch (RuntimeException e) {
            Log.warn("mining lease not released; it expires by itself", Map.of("holder", holder), e);
        }
    }

    private Block mineOnce(String miner, long deadlineNanos) {
        Head head = table.head();
        Block parent = table.block(head.height())
                .orElseThrow(() -> new IllegalStateException("head block " + head.height() + " is missing"));
        long timestamp = Math.max(System.currentTimeMillis(), parent.timestamp());
        long height = head.height() + 1;

        List<TransactionRecord> candidates = table.pending(2 * config.chain().maxTransactionsPerBlock());
        Map<String, Account> senders = table.accounts(
                candidates.stream().map(r -> r.transaction().sender()).distinct().toList());
        List<Transaction> body = new ArrayList<>();
        body.add(Transaction.coinbase(miner, config.chain().reward(), height, timestamp));
        Set<Hash> pendingIds = new HashSet<>();
        Map<String, Long> spent = new HashMap<>();
        for (TransactionRecord candidate : candidates) {
            if (body.size() >= config.chain().maxTransactionsPerBlock()) {
                break;
            }
            Transaction tx = candidate.transaction();
            long spends = spent.getOrDefault(tx.sender(), 0L) + tx.amount().units();
            long balance = senders.get(tx.sender()).balance();
            if (spends > balance) {
                table.reject(tx, "insufficient confirmed balance when mined: " + tx.sender() + " has "
                        + balance + ", needs " + spends);
                continue;
            }
            spent.put(tx.sender(), spends);
            body.add(tx);
            pendingIds.add(tx.id());
        }

        Block template = Block.assemble(height, timestamp, head.hash(), config.chain().difficulty(), body);
        Block block = ProofOfWork.search(template, config.miningThreads(), deadlineNanos)
                .orElseThrow(() -> new NodeException(NodeException.Kind.UNAVAILABLE,
                        "no proof of work found within the time budget; nothing was lost, try again"));
        validator.verify(block, parent, Ledger.on(new Ledger.Lookup() {
            @Override
            public Amount balance(String address) {
                Account account = senders.get(address);
                return Amount.of(account == null ? 0 : account.balance());
            }

            @Override
            public boolean isConfirmed(Hash transactionId) {
                return false; // each is still PENDING, and the append's condition insists on it
            }
        }), System.currentTimeMillis());
        table.append(block, head.hash(), pendingIds);
        return block;
    }
}
