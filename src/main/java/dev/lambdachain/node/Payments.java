package dev.lambdachain.node;

import dev.lambdachain.core.Amount;
import dev.lambdachain.core.InvalidValueException;
import dev.lambdachain.core.Transaction;
import dev.lambdachain.store.AcceptTransaction;

import java.time.Clock;

/** Accepts transactions into the mempool: rules first, then the store's atomic balance check. */
public final class Payments {
    private final AcceptTransaction accept;
    private final Clock clock;

    Payments(AcceptTransaction accept, Clock clock) {
        this.accept = accept;
        this.clock = clock;
    }

    /**
     * An unsigned transfer, dated now, into the mempool.
     *
     * @throws InvalidValueException for a malformed address, equal parties or a reserved name
     * @throws dev.lambdachain.store.InsufficientFundsException when the sender cannot pay it
     * @throws dev.lambdachain.store.ConflictException when the same transaction was submitted before
     */
    public Transaction submit(String sender, String recipient, Amount amount) {
        Transaction tx = new Transaction(sender, recipient, amount, clock.millis(), 0, null, null);
        if (tx.isCoinbase()) {
            throw new InvalidValueException("'" + Transaction.COINBASE + "' is reserved for block rewards and cannot send");
        }
        if (Transaction.COINBASE.equals(tx.recipient())) {
            throw new InvalidValueException("'" + Transaction.COINBASE
                    + "' is reserved for block rewards and cannot receive");
        }
        accept.run(tx, clock.millis());
        return tx;
    }
}
