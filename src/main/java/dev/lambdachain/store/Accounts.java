package dev.lambdachain.store;

import dev.lambdachain.core.Account;
import dev.lambdachain.core.Page;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.lambdachain.store.Attributes.s;

/** Reads of account items; an address never paid reads as an empty account. */
public final class Accounts {
    private final Pager pager;

    Accounts(Pager pager) {
        this.pager = pager;
    }

    public Account account(String address) {
        return pager.get(AccountCodec.key(address)).map(AccountCodec::decode).orElse(Account.empty(address));
    }

    /** Many accounts by address, each present in the map (empty when never paid). */
    public Map<String, Account> accounts(Collection<String> addresses) {
        Map<String, Account> found = new HashMap<>();
        addresses.forEach(a -> found.put(a, Account.empty(a)));
        pager.getAll(found.keySet().stream().map(AccountCodec::key).toList())
                .forEach(item -> {
                    Account account = AccountCodec.decode(item);
                    found.put(account.address(), account);
                });
        return found;
    }

    /** Accounts in address order, {@code limit} at a time; {@code after} is the previous page's cursor. */
    public Page<Account> page(String after, int limit) {
        Page<Map<String, AttributeValue>> page = pager.page(
                QueryRequest.builder().keyConditionExpression("pk = :pk")
                        .expressionAttributeValues(Map.of(":pk", s(AccountCodec.PARTITION))),
                limit, after == null ? null : AccountCodec.key(after));
        List<Account> accounts = page.items().stream().map(AccountCodec::decode).toList();
        return new Page<>(accounts, page.next());
    }
}
