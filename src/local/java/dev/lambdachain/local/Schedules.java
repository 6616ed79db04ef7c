package dev.lambdachain.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.lambdachain.api.NodeHandler;
import dev.lambdachain.core.DaemonThreads;
import dev.lambdachain.log.Log;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The runner's stand-in for template.yaml's EventBridge schedules ({@code serve --mine-every},
 * {@code --resolve-every}): each runs its function on the scheduled event, through the same code
 * as {@code invoke MineFunction events/mine-scheduled.json}, one run at a time, the next one
 * {@code every} after the last one ended (a slow run is not queued behind). A run that fails is
 * logged and the schedule goes on, as EventBridge invokes again whatever the last run did.
 */
final class Schedules implements AutoCloseable {
    /** The functions template.yaml schedules, by logical id. */
    static final String MINE = "MineFunction";
    static final String RESOLVE = "ResolveFunction";

    private final ScheduledExecutorService runs = Executors.newScheduledThreadPool(2, new DaemonThreads("schedule"));
    private final Functions functions;
    private final Log log;

    /** Runs {@code functions}' scheduled events, logging a failed run to {@code log}. */
    Schedules(Functions functions, Log log) {
        this.functions = functions;
        this.log = log;
    }

    /** The event a schedule sends: the template's {@code Input}, {@code {"routeKey": "SCHEDULE"}}. */
    static APIGatewayV2HTTPEvent event() {
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setRouteKey(NodeHandler.SCHEDULE_ROUTE);
        return event;
    }

    /** Runs {@code logicalId} every {@code every}, the first run one period from now; nothing when {@code every} is null. */
    void every(Duration every, String logicalId) {
        if (every == null) {
            return;
        }
        runs.scheduleWithFixedDelay(() -> run(logicalId), every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void run(String logicalId) {
        try {
            functions.invoke(logicalId, event());
        } catch (RuntimeException e) {
            log.error("a scheduled run failed", Map.of("function", logicalId), e);
        }
    }

    @Override
    public void close() {
        runs.shutdownNow();
    }
}
