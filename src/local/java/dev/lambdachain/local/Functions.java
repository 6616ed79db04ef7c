package dev.lambdachain.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.lambdachain.node.Node;

import java.lang.reflect.InvocationTargetException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The template's functions bound to one node, each handler built once (like a warm Lambda
 * container) through its public (Node) constructor. A function whose class cannot be built is
 * kept with the reason, so one broken function does not stop the others, as in AWS.
 */
final class Functions {

    /** A function of the template that this build cannot run. */
    static final class UnavailableException extends RuntimeException {
        UnavailableException(String message) {
            super(message);
        }
    }

    private record Loaded(SamTemplate.Function definition,
                          RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler,
                          String failure) {
    }

    private final Map<String, Loaded> byId;
    private final int bodyBytesRead;

    private Functions(Map<String, Loaded> byId, int bodyBytesRead) {
        this.byId = byId;
        this.bodyBytesRead = bodyBytesRead;
    }

    static Functions load(SamTemplate template, Node node) {
        Map<String, Loaded> byId = new LinkedHashMap<>();
        for (SamTemplate.Function function : template.functions()) {
            byId.put(function.logicalId(), build(function, node));
        }
        return new Functions(byId, node.config().maxBodyBytes());
    }

    /** The longest body (bytes) a function of this node reads; each refuses a longer one with 413. */
    int bodyBytesRead() {
        return bodyBytesRead;
    }

    List<SamTemplate.Function> definitions() {
        return byId.values().stream().map(Loaded::definition).toList();
    }

    /** Why each function that cannot run cannot, in template order. */
    List<String> failures() {
        return byId.values().stream().filter(f -> f.failure() != null)
                .map(f -> f.definition().logicalId() + ": " + f.failure()).toList();
    }

    /** Runs one function on one event, in the calling thread. */
    APIGatewayV2HTTPResponse invoke(String logicalId, APIGatewayV2HTTPEvent event) {
        Loaded function = byId.get(logicalId);
        if (function == null) {
            throw new UnavailableException("template has no function " + logicalId + "; it has " + byId.keySet());
        }
        if (function.failure() != null) {
            throw new UnavailableException(logicalId + " cannot run: " + function.failure());
        }
        return function.handler().handleRequest(event, new LocalContext(function.definition()));
    }

    @SuppressWarnings("unchecked")
    private static Loaded build(SamTemplate.Function function, Node node) {
        String name = function.handlerClass();
        try {
            Class<?> type = Class.forName(name);
            if (!RequestHandler.class.isAssignableFrom(type)) {
                return new Loaded(function, null, name + " does not implement RequestHandler");
            }
            Object handler = type.getConstructor(Node.class).newInstance(node);
            return new Loaded(function, (RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>) handler, null);
        } catch (ClassNotFoundException e) {
            return new Loaded(function, null, "class " + name + " is not in this build");
        } catch (NoSuchMethodException e) {
            return new Loaded(function, null, name + " has no public constructor taking a Node");
        } catch (InvocationTargetException e) {
            return new Loaded(function, null, name + "(Node) failed: " + e.getCause());
        } catch (ReflectiveOperationException e) {
            return new Loaded(function, null, name + " cannot be instantiated: " + e);
        }
    }
}
