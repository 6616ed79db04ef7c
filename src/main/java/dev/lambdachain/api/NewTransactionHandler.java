package dev.lambdachain.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lambdachain.core.ChainStateException;
import dev.lambdachain.core.InvalidValueException;
import dev.lambdachain.core.Ed25519;
import dev.lambdachain.core.Ed25519PublicKey;
import dev.lambdachain.core.Transaction;
import dev.lambdachain.node.Node;
import dev.lambdachain.wire.Fields;
import dev.lambdachain.wire.ProtocolJson;

import java.util.Set;

/**
 * POST /transactions/new: a signed transaction {"sender","recipient","amount","timestamp","sequence",
 * "public_key","signature"} (as `wallet sign` prints it), or on a dev chain an unsigned
 * {"sender","recipient","amount"} between named accounts; into the mempool, or a 4xx saying why not.
 */
public final class NewTransactionHandler extends NodeHandler {
    private static final Set<String> UNSIGNED_FIELDS = Set.of("sender", "recipient", "amount");
    private static final Set<String> SIGNED_FIELDS = Set.of("sender", "recipient", "amount", "timestamp", "sequence",
            "public_key", "signature");

    /** A node built elsewhere: the local runner, tests. */
    public NewTransactionHandler(Node node) {
        super(node, Origins.ANY);
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(Http.Request request) {
        String source = request.sourceIp();
        if (!node.payments().hears(source)) {
            node.metrics().transactionRefused("rate-limited");
            throw RequestException.tooManyRequests("transactions from " + (source == null ? "unnamed addresses" : source)
                    + " are not heard for a moment: more were refused than this node hears a second (docs/RELAY.md"
                    + " \"Limits\"); try again in a second");
        }
        try {
            APIGatewayV2HTTPResponse accepted = accept(request);
            node.metrics().transactionAccepted();
            return accepted;
        } catch (RuntimeException refused) {
            String reason = refusalReason(refused);
            if (reason != null) {
                node.metrics().transactionRefused(reason);
                node.payments().refusedFrom(source);
            }
            throw refused;
        }
    }

    /** The metric's reason for a refusal (docs/OBSERVABILITY.md), or null for a fault of ours. */
    static String refusalReason(RuntimeException refused) {
        if (refused instanceof RequestException e) {
            return e.status() == 413 ? "too-large" : "malformed";
        }
        if (refused instanceof InvalidValueException) {
            return "malformed";
        }
        if (refused instanceof ChainStateException e) {
            return switch (e.reason()) {
                case INSUFFICIENT_FUNDS -> "insufficient-funds";
                case CONFLICT -> "duplicate";
                default -> null;
            };
        }
        return null;
    }

    private APIGatewayV2HTTPResponse accept(Http.Request request) {
        ObjectNode json = request.jsonBody();
        boolean signed = json.has("public_key") || json.has("signature");
        if (!signed) {
            node.payments().checkUnsignedAllowed();
        }
        json.fieldNames().forEachRemaining(field -> checkField(field, signed));
        if (signed) {
            // the key and the signature first: a client that sent them must hear what is wrong with them
            if (!json.has("public_key")) {
                throw RequestException.badRequest("signature given without public_key: a signed transaction carries both");
            }
            Ed25519PublicKey.parse(Fields.text(json, "public_key"), "public_key");
            Ed25519.parseSignature(Fields.text(json, "signature"), "signature");
        }
        Transaction tx = signed
                ? node.payments().submitSigned(Fields.text(json, "sender"), Fields.text(json, "recipient"),
                        Fields.amount(json, "amount"), Fields.longValue(json, "timestamp"),
                        Fields.longValue(json, "sequence"), Fields.text(json, "public_key"),
                        Fields.text(json, "signature"))
                : node.payments().submit(Fields.text(json, "sender"), Fields.text(json, "recipient"),
                        Fields.amount(json, "amount"));
        ObjectNode body = Render.message("Transaction accepted; it will be mined into a coming block");
        body.set("transaction", ProtocolJson.transaction(tx));
        return Http.json(201, body);
    }

    /** Unknown fields are refused, not dropped: a client must not believe a field was used. */
    private static void checkField(String field, boolean signed) {
        if (signed ? SIGNED_FIELDS.contains(field) : UNSIGNED_FIELDS.contains(field)) {
            return;
        }
        if (SIGNED_FIELDS.contains(field)) {
            throw RequestException.badRequest("field '" + field + "' belongs to signed transactions: send it with "
                    + "public_key and signature, or leave it out of an unsigned transfer between named accounts");
        }
        throw RequestException.badRequest("unknown field '" + field + "': a transaction takes sender, recipient and "
                + "amount, and when signed also timestamp, sequence, public_key and signature");
    }

    /** For Lambda: the process's node, configured from the environment. */
    public NewTransactionHandler() { this(Node.shared()); }
}
