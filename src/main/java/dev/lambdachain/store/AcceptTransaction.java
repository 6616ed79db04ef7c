package dev.lambdachain.store;

import dev.lambdachain.core.Account;
import dev.lambdachain.core.Transaction;

import java.util.List;

/**
 * Puts a transaction into the mempool, reserves its amount from the sender's available balance
 * and, when signed, takes the sender's next sequence, in one transaction: of two spends of the
 * same coins or two transactions with one sequence racing in any processes, one wins.
 */
public final class AcceptTransaction {
    private final Table table;

    AcceptTransaction(Table table) {
        this.table = table;
    }

    /**
     * @param acceptedAt epoch milliseconds; orders the mempool
     * @throws ConflictException          when the same transaction was submitted before
     * @throws SequenceException          when a signed transaction's sequence is not the sender's
     *                                    next one (counting its pending transactions)
     * @throws InsufficientFundsException when the sender's available balance is short, with the
     *                                    account as the refused write found it
     */
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
