package dev.lambdachain.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.lambdachain.store.dynamodb.TableSetup;
import dev.lambdachain.support.LocalDynamo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The chain table is written twice, as template.yaml's ChainTable (AWS) and as TableSetup's
 * CreateTable (local engines): the table TableSetup really creates on Dynoxide has the template's
 * attributes and types, keys and indexes (key schema and projection).
 */
class TableSchemaTest {
    @RegisterExtension
    static final LocalDynamo DYNAMO = new LocalDynamo();

    @Test
    void theTableTableSetupCreatesIsTheTemplatesChainTable() throws Exception {
        JsonNode table = new YAMLMapper().readTree(Files.readString(TemplateTest.PROJECT.resolve(SamTemplate.FILE_NAME)))
                .at("/Resources/ChainTable/Properties");
        TableSetup.createIfMissing(DYNAMO.client(), "schema");
        TableDescription created = DYNAMO.client().describeTable(b -> b.tableName("schema")).table();

        Map<String, String> templateAttributes = new TreeMap<>();
        table.path("AttributeDefinitions").forEach(a ->
                templateAttributes.put(a.path("AttributeName").asText(), a.path("AttributeType").asText()));
        assertEquals(templateAttributes, created.attributeDefinitions().stream().collect(Collectors.toMap(
                a -> a.attributeName(), a -> a.attributeTypeAsString(), (x, y) -> x, TreeMap::new)), "attributes");

        assertEquals(keys(table.path("KeySchema")), created.keySchema().stream()
                .map(k -> k.attributeName() + " " + k.keyTypeAsString()).toList().toString(), "table key");

        Map<String, String> templateIndexes = new TreeMap<>();
        table.path("GlobalSecondaryIndexes").forEach(index -> templateIndexes.put(index.path("IndexName").asText(),
                keys(index.path("KeySchema")) + " " + index.at("/Projection/ProjectionType").asText()));
        Map<String, String> createdIndexes = new TreeMap<>();
        created.globalSecondaryIndexes().forEach(index -> createdIndexes.put(index.indexName(),
                index.keySchema().stream().map(k -> k.attributeName() + " " + k.keyTypeAsString()).toList()
                        + " " + index.projection().projectionTypeAsString()));
        assertEquals(templateIndexes, createdIndexes, "global secondary indexes");
        assertEquals(table.path("BillingMode").asText(), created.billingModeSummary() == null ? "PAY_PER_REQUEST"
                : created.billingModeSummary().billingModeAsString(), "billing mode");
    }

    /** A key schema as "name TYPE" in order, e.g. [pk HASH, sk RANGE]. */
    private static String keys(JsonNode schema) {
        List<String> keys = new ArrayList<>();
        schema.forEach(k -> keys.add(k.path("AttributeName").asText() + " " + k.path("KeyType").asText()));
        return keys.toString();
    }
}
