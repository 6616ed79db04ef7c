package dev.lambdachain.store;

import dev.lambdachain.core.Account;

/** A spend larger than the sender's available balance; carries the account as the refusal found it. */
public final class InsufficientFundsException extends StoreException {
    private final transient Account account;

    public InsufficientFundsException(Account account, long needed) {
        super("insufficient funds: " + account.address() + " has " + account.available() + " available (balance "
                + account.balance() + ", pending outgoing " + account.pendingOut() + "), needs " + needed);
        this.account = account;
    }

    public Account account() {
        return account;
    }
}
