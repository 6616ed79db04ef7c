package dev.lambdachain.store.dynamodb;

import dev.lambdachain.core.Hash;
import dev.lambdachain.store.ChainStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

import java.net.URI;
import java.time.Clock;
import java.util.function.IntConsumer;
import java.util.function.ObjIntConsumer;

/**
 * One DynamoDB client for a process (URL-connection HTTP for a fast cold start), built from plain
 * values, and the chain stores on its tables. In AWS: region from {@code AWS_REGION}, credentials
 * from the default chain. At an endpoint (a local Dynoxide, LocalStack, a shared server): region
 * from {@code AWS_REGION} or else us-east-1, and dummy credentials, which local engines accept,
 * unless the host is an {@code amazonaws.com} one.
 */
public final class DynamoDbConnection implements AutoCloseable {
    private static final AwsBasicCredentials LOCAL_CREDENTIALS = AwsBasicCredentials.create("local", "local");

    private final DynamoDbClient client;

    private DynamoDbConnection(DynamoDbClient client) {
        this.client = client;
    }

    /**
     * A client of DynamoDB itself or, given {@code endpoint} (an http(s) URL; null or blank for
     * none), of the engine there. Does no I/O.
     *
     * @throws IllegalArgumentException when {@code endpoint} is not a URL
     */
    public static DynamoDbConnection open(String endpoint) {
        String region = System.getenv("AWS_REGION");
        DynamoDbClientBuilder builder = DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.builder().build());
        if (endpoint == null || endpoint.isBlank()) {
            if (region != null) {
                builder.region(Region.of(region));
            }
            return new DynamoDbConnection(builder.build());
        }
        URI uri = URI.create(endpoint);
        builder.endpointOverride(uri).region(Region.of(region == null ? "us-east-1" : region));
        String host = uri.getHost() == null ? "" : uri.getHost();
        if (!host.endsWith(".amazonaws.com") && !host.endsWith(".amazonaws.com.cn")) {
            builder.credentialsProvider(StaticCredentialsProvider.create(LOCAL_CREDENTIALS));
        }
        return new DynamoDbConnection(builder.build());
    }

    /** A connection on a client built elsewhere (a test's LocalStack container); closing it closes the client. */
    public static DynamoDbConnection of(DynamoDbClient client) {
        return new DynamoDbConnection(client);
    }

    /** Creates the chain table unless it exists (where no template deploys it); safe when several processes start at once. */
    public void createTableIfMissing(String table) {
        SdkErrors.call(() -> {
            TableSetup.createIfMissing(client, table);
            return table;
        });
    }

    /**
     * The chain store on {@code table}. Builds objects only, no I/O.
     *
     * @param clock         every reading of the time (lease expiry, acceptance times)
     * @param mempoolShards how many index partitions the mempool is spread over; every process
     *                      on one table must use the same number (docs/DYNAMODB.md)
     * @param network       the genesis hash of the chain: the bytes (and so the ids) of its
     *                      signed transactions include it
     * @throws IllegalArgumentException when {@code mempoolShards} is below 1
     */
    public ChainStore chainStore(String table, Clock clock, int mempoolShards, Hash network) {
        return chainStore(table, clock, mempoolShards, network, writes -> { });
    }

    /**
     * As above, telling {@code afterSwapWrite} the count after each write of a chain swap (or of a
     * block appended in stages, too large for one transaction): a test throws from it to stop the
     * change midway, as a crash would.
     */
    public ChainStore chainStore(String table, Clock clock, int mempoolShards, Hash network,
                                 IntConsumer afterSwapWrite) {
        return chainStore(table, clock, mempoolShards, network, (kind, write) -> afterSwapWrite.accept(write));
    }

    /**
     * As above, telling {@code afterSwapWrite} also what the write was: "claim", "part", "staged
     * block", "account", "transaction", "flip", "main block", "fold", "end of overlay", "cleanup"
     * or "abandon" (docs/DYNAMODB.md, invariant 4), so a test can stop the change after a sample of every kind.
     */
    public ChainStore chainStore(String table, Clock clock, int mempoolShards, Hash network,
                                 ObjIntConsumer<String> afterSwapWrite) {
        if (mempoolShards < 1) {
            throw new IllegalArgumentException("the mempool needs at least one shard, got " + mempoolShards);
        }
        Table parts = Table.of(client, table, clock, mempoolShards, network);
        ViewReads reads = new ViewReads(parts.pager(), network);
        Blocks blocks = new Blocks(reads);
        Transactions transactions = new Transactions(reads);
        ReorganiseChain reorganise = new ReorganiseChain(parts, blocks, transactions, afterSwapWrite);
        return new DynamoDbChainStore(blocks, transactions, new Mempool(parts, transactions), new History(reads),
                new Accounts(reads), new Peers(parts.pager()), new MiningLease(parts), new InitialiseChain(parts),
                new AppendBlock(parts, reorganise), reorganise,
                new AcceptTransaction(parts), new RejectTransaction(parts), new RegisterPeers(parts),
                new RemovePeers(parts), new PeerPenalties(parts), new PeerMisses(parts));
    }

    /** The SDK client, for a test that writes or reads items directly. */
    public DynamoDbClient client() {
        return client;
    }

    @Override
    public void close() {
        client.close();
    }
}
