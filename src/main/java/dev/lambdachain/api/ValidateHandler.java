package dev.lambdachain.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lambdachain.core.ChainValidator;
import dev.lambdachain.core.Ledger;
import dev.lambdachain.core.NodeException;
import dev.lambdachain.store.Head;
import dev.lambdachain.store.Account;
import dev.lambdachain.store.Page;
import dev.lambdachain.node.Node;
import dev.lambdachain.wire.Wire;

import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * GET /validate: replays the stored chain from genesis, a page of blocks at a time, through every
 * block rule, then checks the stored balances against the replay.
 */
public final class ValidateHandler extends NodeHandler {
    private static final int PAGE = 200;
    private static final int ACCOUNT_PAGE = 500;
    private static final int ATTEMPTS = 2;

    public ValidateHandler() {
        this(Node.shared());
    }

    public ValidateHandler(Node node) {
        super(node);
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(Http.Request request) {
        for (int attempt = 1; ; attempt++) {
            Head head = node.table().head();
            Ledger replayed = Ledger.empty();
            ChainValidator.Result result = new ChainValidator(node.validator()).validate(storedChain(head.height()),
                    Wire::readBlock, System.currentTimeMillis(), Runtime.getRuntime().availableProcessors(), replayed);
            String balanceError = result.valid() ? compareBalances(replayed) : null;
            boolean moved = !node.table().head().equals(head);
            if ((!result.valid() || balanceError != null) && moved) {
                // a block appended or swapped while we read is not corruption: look again
                if (attempt < ATTEMPTS) {
                    continue;
                }
                throw new NodeException(NodeException.Kind.UNAVAILABLE,
                        "the chain kept changing while it was checked; try again");
            }
            ObjectNode body = Wire.object();
            body.put("valid", result.valid() && balanceError == null);
            body.put("length", result.length());
            if (!result.valid()) {
                body.put("height", result.height());
                body.put("error", result.error());
            } else if (balanceError != null) {
                body.put("height", result.length() - 1);
                body.put("error", balanceError);
            } else {
                body.put("accounts_checked", replayed.changedBalances().size());
            }
            return Http.ok(body);
        }
    }

    /**
     * Every stored account against the replay: confirmed balance equal, {@code available} equal to
     * balance minus pending outgoing, and no address the chain paid missing from the store.
     */
    private String compareBalances(Ledger replayed) {
        Set<String> unseen = new HashSet<>(replayed.changedBalances().keySet());
        String after = null;
        do {
            Page<Account> page = node.table().accounts(after, ACCOUNT_PAGE);
            for (Account account : page.items()) {
                long expected = replayed.balance(account.address()).units();
                if (account.balance() != expected) {
                    return "stored balance of " + account.address() + " is " + account.balance()
                            + " but the chain gives " + expected;
                }
                if (account.available() != account.balance() - account.pendingOut()) {
                    return "stored available balance of " + account.address() + " is " + account.available()
                            + " but balance " + account.balance() + " minus pending " + account.pendingOut()
                            + " is " + (account.balance() - account.pendingOut());
                }
                unseen.remove(account.address());
            }
            after = page.next();
        } while (after != null);
        return unseen.stream().filter(a -> replayed.balance(a).units() != 0).findFirst()
                .map(a -> "the chain pays " + a + " " + replayed.balance(a) + " but the store has no account")
                .orElse(null);
    }

    /** The stored blocks' JSON up to {@code top}, a page at a time; decoding happens on the validator's threads. */
    private Iterator<String> storedChain(long top) {
        return new Iterator<>() {
            private List<String> page = node.table().blockJson(0, (int) Math.min(PAGE, top + 1));
            private long nextHeight = page.size();
            private int index;

            @Override
            public boolean hasNext() {
                if (index == page.size() && nextHeight <= top && !page.isEmpty()) {
                    page = node.table().blockJson(nextHeight, (int) Math.min(PAGE, top + 1 - nextHeight));
                    nextHeight += page.size();
                    index = 0;
                }
                return index < page.size();
            }

            @Override
            public String next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return page.get(index++);
            }
        };
    }
}
