package dev.lambdachain.store.dynamodb;

import dev.lambdachain.core.Account;
import dev.lambdachain.core.Transaction;
import dev.lambdachain.store.ChainStore;
import dev.lambdachain.store.ConflictException;
import dev.lambdachain.store.InsufficientFundsException;
import dev.lambdachain.store.SequenceException;

import java.util.List;

/**
 * Puts a transaction into the mempool, reserves its amount from the sender's available balance
 * and, when signed, takes the sender's next sequence, in one transaction: of two spends of the
 * same coins or two transactions with one sequence racing in any processes, one wins.
 */
final class AcceptTransaction implements ChainStore.AcceptTransaction {
    private final Table table;

    AcceptTransaction(Table table) {
        this.table = table;
    }

    /** {@inheritDoc} The refusal is worded from the account as the refused write found it. */
    @Override
    public void run(Transaction tx, long acceptedAt) {
        long amount = tx.amount().units();
        try {
            table.transactor().commit(List.of(
                    TransactionCodec.putPending(table.name(), tx, acceptedAt, table.shards()),
                    AccountCodec.reserve(table.name(), tx.sender(), amount, tx.isSigned() ? tx.sequence() : null)));
        } catch (Transactor.Cancelled e) {
            if (e.failed(TransactionCodec.key(tx.id()))) {
                throw new ConflictException("transaction " + tx.id() + " was already submitted");
            }
            Account sender = e.oldItem(AccountCodec.key(tx.sender())).map(AccountCodec::decode)
                    .orElse(Account.empty(tx.sender()));
            if (tx.isSigned() && sender.nextSequence() != tx.sequence()) {
                throw new SequenceException(tx.sender(), tx.sequence(), sender.nextSequence());
            }
            throw new InsufficientFundsException(sender, amount);
        }
    }
}
