package dev.lambdachain.store.dynamodb;

import dev.lambdachain.core.Amount;
import dev.lambdachain.core.Block;
import dev.lambdachain.node.Node;
import dev.lambdachain.node.NodeConfig;
import dev.lambdachain.store.ChainStore;
import dev.lambdachain.store.ConflictException;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The store against LocalStack's DynamoDB, where Docker exists; skipped cleanly where it does
 * not (as on the project's CI machine, which has no Docker engine).
 */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackStoreTest {
    @Container
    private static final LocalStackContainer LOCALSTACK =
            new LocalStackContainer(DockerImageName.parse("localstack/localstack:3.8"))
                    .withServices(LocalStackContainer.Service.DYNAMODB);

    @Test
    void storeKeepsBalancesAndHeightsOnLocalStack() {
        DynamoDbClient client = DynamoDbClient.builder()
                .endpointOverride(LOCALSTACK.getEndpointOverride(LocalStackContainer.Service.DYNAMODB))
                .region(Region.of(LOCALSTACK.getRegion()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(LOCALSTACK.getAccessKey(), LOCALSTACK.getSecretKey())))
                .httpClient(UrlConnectionHttpClient.builder().build())
                .build();
        DynamoDbConnection connection = DynamoDbConnection.of(client);
        connection.createTableIfMissing("lambdachain");
        Node node = new Node(NodeConfig.from(Map.of(NodeConfig.SIGNATURE_MODE, "dev")), connection);
        node.prepareChain();
        node.payments().submit("genesis", "alice", Amount.of(100));
        Block block = node.mining().mine("miner", 20_000);
        assertEquals(1, block.height());
        assertEquals(100, node.queries().account("alice").balance());
        assertEquals(999_900, node.queries().account("genesis").balance());
        ChainStore store = connection.chainStore("lambdachain", node.clock(), node.config().mempoolShards(),
                node.validator().genesisHash());
        assertThrows(ConflictException.class, () -> store.append().run(block,
                new dev.lambdachain.core.Head(0, node.validator().genesisHash(), dev.lambdachain.core.ChainWork.ZERO),
                java.util.Set.of()), "a height is taken once");
    }
}
