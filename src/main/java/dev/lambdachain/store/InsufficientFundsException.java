package dev.lambdachain.store;

import dev.lambdachain.core.Account;
import dev.lambdachain.core.ChainStateException;

/** A spend larger than the sender's available balance; carries the account as the refusal found it. */
public final class InsufficientFundsException extends ChainStateException {
    private final transient Account account;

    public InsufficientFundsException(Account account, long needed) {
        super(Reason.INSUFFICIENT_FUNDS, "insufficient funds: " + account.address() + " has "
                + account.available() + " available (balance " + account.balance() + ", pending outgoing " + account.pendingOut() + "), needs " + needed, null);
        this.account = account;
    }

    public Account account() {
        return account;
    }
}
