package dev.lambdachain.node;

import dev.lambdachain.core.Amount;
import dev.lambdachain.core.InvalidValueException;
import dev.lambdachain.core.Transaction;

/** Accepts transactions into the mempool: rules first, then the store's atomic balance check. */
public final class Payments {
    private final NodeParts parts;

    Payments(NodeParts parts) {
        this.parts = parts;
    }

    /**
     * An unsigned transfer, dated now, into the mempool.
     *
     * @throws InvalidValueException for a malformed address, equal parties or a reserved name
     * @throws dev.lambdachain.store.InsufficientFundsException when the sender cannot pay it
     * @throws dev.lambdachain.store.ConflictException when the same transaction was submitted before
     */
    public Transaction submit(String sender, String recipient, Amount amount) {
        long now = parts.clock().millis();
        Transaction tx = new Transaction(sender, recipient, amount, now, 0, null, null);
        if (tx.isCoinbase()) {
            throw new InvalidValueException("'" + Transaction.COINBASE + "' is reserved for block rewards and cannot send");
        }
        if (Transaction.COINBASE.equals(tx.recipient())) {
            throw new InvalidValueException("'" + Transaction.COINBASE
                    + "' is reserved for block rewards and cannot receive");
        }
        parts.store().accept().run(tx, now);
        return tx;
    }
}
