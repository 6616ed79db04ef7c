package dev.lambdachain.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.lambdachain.api.NodeHandler;
import dev.lambdachain.node.Node;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** template.yaml is the single source of routes, for AWS and for the local runner alike. */
class TemplateTest {
    static final Path PROJECT = Path.of(System.getProperty("lambdachain.project.dir", "."));
    private static final Set<String> DESIGN_ROUTES = Set.of(
            "GET /chain", "GET /info", "GET /validate", "POST /transactions/new", "GET /transactions/{id}",
            "GET /mine", "POST /mine", "GET /balance/{address}", "GET /wallets", "POST /nodes/register",
            "POST /nodes/remove", "GET /nodes/resolve", "GET /", "GET /explorer", "GET /explorer/{file}",
            "GET /blocks/{id}", "GET /addresses/{address}/history", "GET /mempool", "GET /nodes", "POST /nodes/announce");
    /** Functions that never touch the table, and so must have no permission on it. */
    private static final Set<String> TABLELESS_FUNCTIONS = Set.of("ExplorerFunction");

    private static JsonNode root;
    private static SamTemplate template;

    @BeforeAll
    static void readTemplate() throws Exception {
        Path file = PROJECT.resolve(SamTemplate.FILE_NAME);
        root = new YAMLMapper().readTree(Files.readString(file));
        template = SamTemplate.read(file);
    }

    @Test
    void everyHandlerIsARequestHandlerWithNodeAndNoArgConstructors() {
        List<String> problems = new ArrayList<>();
        for (SamTemplate.Function function : template.functions()) {
            String name = function.handlerClass();
            Class<?> type;
            try {
                type = Class.forName(name);
            } catch (ClassNotFoundException e) {
                problems.add(function.logicalId() + ": class " + name + " does not exist in this build");
                continue;
            }
            if (!RequestHandler.class.isAssignableFrom(type)) {
                problems.add(function.logicalId() + ": " + name + " does not implement RequestHandler");
            }
            if (!hasPublicConstructor(type) || !hasPublicConstructor(type, Node.class)) {
                problems.add(function.logicalId() + ": " + name + " needs public () and (Node) constructors");
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void everyRouteOfTheDesignIsMappedExactlyOnce() {
        List<String> keys = template.functions().stream()
                .flatMap(f -> f.routes().stream()).map(SamTemplate.Route::key).toList();
        assertEquals(new TreeSet<>(DESIGN_ROUTES), new TreeSet<>(keys));
        assertEquals(keys.size(), Set.copyOf(keys).size(), "a route is mapped twice: " + keys);
    }

    @Test
    void strangersMayReadAndSendSignedTransactionsWhileComputeAndPeersStayIamOnly() {
        JsonNode auth = root.at("/Globals/HttpApi/Auth");
        assertEquals("AWS_IAM", auth.path("DefaultAuthorizer").asText(), "a route is IAM-only unless it says otherwise");
        assertTrue(auth.path("EnableIamAuthorizer").asBoolean());
        Set<String> open = new TreeSet<>();
        root.path("Resources").forEach(resource -> resource.at("/Properties/Events").forEach(event -> {
            JsonNode properties = event.path("Properties");
            if ("NONE".equals(properties.at("/Auth/Authorizer").asText())) {
                open.add(properties.path("Method").asText() + " " + properties.path("Path").asText());
            }
        }));
        assertEquals(new TreeSet<>(Set.of("GET /chain", "GET /info", "GET /validate", "POST /transactions/new",
                "GET /transactions/{id}", "GET /balance/{address}", "GET /wallets", "GET /blocks/{id}",
                "GET /addresses/{address}/history", "GET /mempool", "GET /", "GET /explorer",
                "GET /explorer/{file}", "GET /nodes", "POST /nodes/announce")), open,
                "every read route and POST /transactions/new are open; /mine, /nodes/register, /nodes/remove and /nodes/resolve"
                        + " spend the owner's compute or pick its peers");
        assertEquals(2, root.at("/Resources/ValidateFunction/Properties/ReservedConcurrentExecutions").asInt(),
                "the open full-chain replay is capped so strangers cannot run up the owner's bill");
        assertEquals("required", root.at("/Parameters/SignatureMode/Default").asText(),
                "an open API must require signatures by default");
        assertTrue(root.at("/Parameters/GenesisAddress/Default").isMissingNode(),
                "a deployed chain's supply goes to a key address its owner chooses");
    }

    /**
     * Relay (docs/RELAY.md): the table's keys-only stream feeds RelayFunction, filtered to inserted
     * transactions and the head, never retried, with read-only access to the table; announcements
     * come in on an open route.
     */
    @Test
    void theRelayFunctionReadsTheTablesKeysOnlyStreamWithoutRetryingAndOnlyReads() {
        JsonNode table = root.path("Resources").path(tableId()).path("Properties");
        assertEquals("KEYS_ONLY", table.at("/StreamSpecification/StreamViewType").asText());
        JsonNode relay = root.at("/Resources/RelayFunction/Properties");
        assertEquals("dev.lambdachain.api.RelayHandler::handleRequest", relay.path("Handler").asText());
        JsonNode events = relay.path("Events");
        assertEquals(1, events.size(), "one event source: " + events);
        JsonNode stream = events.elements().next();
        assertEquals("DynamoDB", stream.path("Type").asText());
        assertEquals(tableId() + ".StreamArn", stream.at("/Properties/Stream").asText(), "!GetAtt of the table's stream");
        assertEquals(0, stream.at("/Properties/MaximumRetryAttempts").asInt(-1), "a peer that is down holds nothing");
        List<String> patterns = new ArrayList<>();
        stream.at("/Properties/FilterCriteria/Filters").forEach(filter -> patterns.add(filter.path("Pattern").asText()));
        assertEquals(2, patterns.size(), "inserted transactions and the head: " + patterns);
        assertTrue(patterns.stream().anyMatch(p -> p.contains("INSERT") && p.contains("\"TX\"")), patterns.toString());
        assertTrue(patterns.stream().anyMatch(p -> p.contains("\"META\"") && p.contains("\"HEAD\"")), patterns.toString());
        JsonNode policies = relay.path("Policies");
        assertEquals(1, policies.size(), "RelayFunction policies: " + policies);
        assertTrue(policies.get(0).has("DynamoDBReadPolicy"), "RelayFunction policies: " + policies);
        assertFalse(relay.at("/Environment/Variables/PUBLIC_URL").isMissingNode(), "announcements name this node");
        assertEquals("dev.lambdachain.api.AnnounceHandler::handleRequest",
                root.at("/Resources/AnnounceFunction/Properties/Handler").asText());
    }

    @Test
    void theTableIsOnDemandWithPointInTimeRecovery() {
        JsonNode table = root.path("Resources").path(tableId()).path("Properties");
        assertEquals("PAY_PER_REQUEST", table.path("BillingMode").asText());
        assertTrue(table.path("PointInTimeRecoverySpecification").path("PointInTimeRecoveryEnabled").asBoolean());
    }

    @Test
    void everyFunctionHasSnapStartAndEveryTableReaderADynamoDbPolicyOnTheTable() {
        JsonNode globals = root.path("Globals").path("Function");
        String table = tableId();
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, JsonNode> resource : root.path("Resources").properties()) {
            if (!"AWS::Serverless::Function".equals(resource.getValue().path("Type").asText())) {
                continue;
            }
            JsonNode properties = resource.getValue().path("Properties");
            JsonNode snapStart = properties.has("SnapStart") ? properties.get("SnapStart") : globals.path("SnapStart");
            if (!"PublishedVersions".equals(snapStart.path("ApplyOn").asText())) {
                problems.add(resource.getKey() + " has no SnapStart on published versions");
            }
            if (TABLELESS_FUNCTIONS.contains(resource.getKey())) {
                if (!properties.path("Policies").isMissingNode()) {
                    problems.add(resource.getKey() + " reads no table and must have no policies");
                }
            } else if (!hasDynamoPolicyOn(properties.path("Policies"), table)) {
                problems.add(resource.getKey() + " has no DynamoDB*Policy with TableName !Ref " + table);
            }
        }
        assertEquals(List.of(), problems);
    }

    /**
     * A network that runs itself: EventBridge Scheduler runs the mine and resolve functions on
     * the scheduled event their handlers take ({"routeKey": "SCHEDULE"}, as events/*-scheduled.json),
     * at rates that are parameters, and one parameter switches both off.
     */
    @Test
    void mineAndResolveRunOnSchedulesWhoseRatesAndStateAreParameters() throws Exception {
        assertEquals("DISABLED", root.at("/Parameters/SchedulesState/AllowedValues/1").asText());
        for (String function : List.of("MineFunction", "ResolveFunction")) {
            String rate = function.replace("Function", "Schedule");
            assertEquals("rate(1 minute)", root.at("/Parameters/" + rate + "/Default").asText(), rate);
            List<JsonNode> schedules = new ArrayList<>();
            root.at("/Resources/" + function + "/Properties/Events").forEach(event -> {
                if ("ScheduleV2".equals(event.path("Type").asText())) {
                    schedules.add(event.path("Properties"));
                }
            });
            assertEquals(1, schedules.size(), function + " has one schedule");
            JsonNode schedule = schedules.get(0);
            assertEquals(rate, schedule.path("ScheduleExpression").asText(), function);
            assertEquals("SchedulesState", schedule.path("State").asText(), function);
            JsonNode input = new YAMLMapper().readTree(schedule.path("Input").asText());
            assertEquals(NodeHandler.SCHEDULE_ROUTE, input.path("routeKey").asText(), function);
            JsonNode eventFile = new YAMLMapper().readTree(Files.readString(
                    PROJECT.resolve("events").resolve(function.replace("Function", "").toLowerCase() + "-scheduled.json")));
            assertEquals(input, eventFile, "events/ holds the schedule's event for " + function);
        }
    }

    /** The explorer's data routes read only: a fault in one of them cannot write the table. */
    @Test
    void readRouteFunctionsHaveOnlyTheReadPolicy() {
        for (String id : List.of("BlockFunction", "AddressHistoryFunction", "MempoolFunction", "InfoFunction",
                "ChainFunction", "BalanceFunction", "WalletsFunction", "TransactionStatusFunction", "ListNodesFunction")) {
            JsonNode policies = root.path("Resources").path(id).path("Properties").path("Policies");
            assertEquals(1, policies.size(), id + " policies: " + policies);
            assertTrue(policies.get(0).has("DynamoDBReadPolicy"), id + " policies: " + policies);
        }
    }

    /** The local runner answers CORS preflights as API Gateway would with the template's configuration. */
    @Test
    void theLocalPreflightMirrorsTheTemplatesCorsConfiguration() {
        JsonNode cors = root.path("Globals").path("HttpApi").path("CorsConfiguration");
        assertEquals(Preflight.ALLOW_ORIGINS, texts(cors.path("AllowOrigins")));
        assertEquals(Preflight.ALLOW_METHODS, texts(cors.path("AllowMethods")));
        assertEquals(Preflight.ALLOW_HEADERS, texts(cors.path("AllowHeaders")));
        assertEquals(Preflight.MAX_AGE_SECONDS, cors.path("MaxAge").asInt());
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(item -> texts.add(item.asText()));
        return texts;
    }

    @Test
    void limitsComeFromTheFunctionElseFromGlobals() {
        Map<String, SamTemplate.Function> byId = template.functions().stream()
                .collect(Collectors.toMap(SamTemplate.Function::logicalId, f -> f));
        int globalTimeout = root.path("Globals").path("Function").path("Timeout").asInt();
        assertEquals(globalTimeout, byId.get("InfoFunction").timeoutSeconds());
        assertEquals(root.path("Resources").path("MineFunction").path("Properties").path("MemorySize").asInt(),
                byId.get("MineFunction").memoryMb());
    }

    /** The one DynamoDB table the template declares. */
    private static String tableId() {
        List<String> tables = new ArrayList<>();
        root.path("Resources").properties().forEach(resource -> {
            if ("AWS::DynamoDB::Table".equals(resource.getValue().path("Type").asText())) {
                tables.add(resource.getKey());
            }
        });
        assertEquals(1, tables.size(), "expected one DynamoDB table, found " + tables);
        return tables.get(0);
    }

    /** Tags are dropped when the YAML is read, so {@code TableName: !Ref ChainTable} reads as the table's id. */
    private static boolean hasDynamoPolicyOn(JsonNode policies, String table) {
        for (JsonNode policy : policies) {
            for (Map.Entry<String, JsonNode> entry : policy.properties()) {
                if (entry.getKey().startsWith("DynamoDB") && entry.getKey().endsWith("Policy")
                        && table.equals(entry.getValue().path("TableName").asText())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean hasPublicConstructor(Class<?> type, Class<?>... parameters) {
        try {
            type.getConstructor(parameters);
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }
}
