package dev.lambdachain.store.dynamodb;

import dev.lambdachain.core.Account;
import dev.lambdachain.core.Page;
import dev.lambdachain.store.ChainStore;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.lambdachain.store.dynamodb.Attributes.s;

/**
 * Reads of account items; an address never paid reads as an empty account. Each read follows one
 * {@link ChainView}: a chain swap's staged changes count for readers in its epoch.
 */
final class Accounts implements ChainStore.Accounts {
    private final ViewReads reads;

    Accounts(ViewReads reads) {
        this.reads = reads;
    }

    @Override
    public Account account(String address) {
        return reads.withItem(AccountCodec.key(address), (view, item) ->
                item.map(found -> AccountCodec.decode(found, view.epoch())).orElse(Account.empty(address)));
    }

    @Override
    public Map<String, Account> accounts(Collection<String> addresses) {
        return reads.consistently(view -> {
            Map<String, Account> found = new HashMap<>();
            addresses.forEach(a -> found.put(a, Account.empty(a)));
            reads.pager().getAll(found.keySet().stream().map(AccountCodec::key).toList())
                    .forEach(item -> {
                        Account account = AccountCodec.decode(item, view.epoch());
                        found.put(account.address(), account);
                    });
            return found;
        });
    }

    @Override
    public Page<Account> page(String after, int limit) {
        return reads.consistently(view -> {
            Page<Map<String, AttributeValue>> page = reads.pager().page(
                    QueryRequest.builder().keyConditionExpression("pk = :pk")
                            .expressionAttributeValues(Map.of(":pk", s(AccountCodec.PARTITION))).consistentRead(true),
                    limit, after == null ? null : AccountCodec.key(after));
            List<Account> accounts = page.items().stream().map(item -> AccountCodec.decode(item, view.epoch())).toList();
            return new Page<>(accounts, page.next());
        });
    }
}
