package dev.lambdachain.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lambdachain.core.ChainValidator;
import dev.lambdachain.node.Node;
import dev.lambdachain.wire.Wire;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/** GET /validate: replays the stored chain from genesis, a page of blocks at a time. */
public final class ValidateHandler extends NodeHandler {
    private static final int PAGE = 200;

    public ValidateHandler() {
        this(Node.shared());
    }

    public ValidateHandler(Node node) {
        super(node);
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(Http.Request request) {
        ChainValidator.Result result = new ChainValidator(node.validator()).validate(storedChain(), Wire::readBlock,
                System.currentTimeMillis(), Runtime.getRuntime().availableProcessors());
        ObjectNode body = Wire.object();
        body.put("valid", result.valid());
        body.put("length", result.length());
        if (!result.valid()) {
            body.put("height", result.height());
            body.put("error", result.error());
        }
        return Http.ok(body);
    }

    /** The stored blocks' JSON, a page at a time; decoding happens on the validator's threads. */
    private Iterator<String> storedChain() {
        return new Iterator<>() {
            private List<String> page = node.table().blockJson(0, PAGE);
            private long nextHeight = PAGE;
            private int index;

            @Override
            public boolean hasNext() {
                if (index == page.size() && page.size() == PAGE) {
                    page = node.table().blockJson(nextHeight, PAGE);
                    nextHeight += PAGE;
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
