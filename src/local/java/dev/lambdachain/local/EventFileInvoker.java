package dev.lambdachain.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lambdachain.wire.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What {@code invoke} does: reads an API Gateway event file (the JSON `sam local invoke -e` takes),
 * runs one function on it and renders the response as `sam local invoke` prints it.
 */
final class EventFileInvoker {
    /**
     * Event files carry fields this event class does not model (authentication, ...): ignored, as
     * Lambda does. Their bodies may be as large as API Gateway allows (10 MB), so that the function,
     * not this reader, decides what is too large, as it does behind `serve`.
     */
    private static final ObjectReader EVENTS = eventMapper().readerFor(APIGatewayV2HTTPEvent.class)
            .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private static ObjectMapper eventMapper() {
        ObjectMapper mapper = new ObjectMapper();
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxStringLength(16 << 20).build());
        return mapper;
    }

    private final Functions functions;

    EventFileInvoker(Functions functions) {
        this.functions = functions;
    }

    /** The response as one line of JSON: statusCode, headers, body (a string, as API Gateway gets it). */
    String invoke(String logicalId, Path eventFile) throws IOException {
        APIGatewayV2HTTPEvent event = EVENTS.readValue(Files.readString(eventFile));
        APIGatewayV2HTTPResponse response = functions.invoke(logicalId, event);
        ObjectNode json = Json.object();
        json.put("statusCode", response.getStatusCode());
        json.putPOJO("headers", response.getHeaders());
        if (response.getCookies() != null) {
            json.putPOJO("cookies", response.getCookies());
        }
        json.put("body", response.getBody());
        json.put("isBase64Encoded", response.getIsBase64Encoded());
        return Json.write(json);
    }
}
