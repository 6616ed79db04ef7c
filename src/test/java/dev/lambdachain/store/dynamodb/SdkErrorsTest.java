package dev.lambdachain.store.dynamodb;

import dev.lambdachain.core.Hash;
import dev.lambdachain.store.ChainStore;
import dev.lambdachain.store.StoreFaultException;
import dev.lambdachain.store.StoreUnavailableException;
import dev.lambdachain.support.LocalDynamo;
import dev.lambdachain.support.SignedVector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

import java.net.ConnectException;
import java.time.Clock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Every SDK failure leaves the store as one of its own exceptions: throttled or away is "try again", the rest a fault. */
class SdkErrorsTest {
    @RegisterExtension
    static final LocalDynamo dynamo = new LocalDynamo();
    private static final Hash NETWORK = Hash.parse(SignedVector.GENESIS, "genesis");

    private static DynamoDbException service(String code, int status) {
        return (DynamoDbException) DynamoDbException.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage("detail").build())
                .message("detail").build();
    }

    @Test
    void throttlingAServerErrorAndAnUnreachableStoreAreUnavailable() {
        ProvisionedThroughputExceededException throttled = ProvisionedThroughputExceededException.builder()
                .statusCode(400).awsErrorDetails(AwsErrorDetails.builder()
                        .errorCode("ProvisionedThroughputExceededException").build()).build();
        for (RuntimeException failure : new RuntimeException[] {throttled, service("InternalServerError", 500),
                SdkClientException.create("connect", new ConnectException("refused"))}) {
            RuntimeException translated = assertThrows(RuntimeException.class,
                    () -> SdkErrors.call(() -> { throw failure; }));
            assertInstanceOf(StoreUnavailableException.class, translated, failure.toString());
            assertSame(failure, translated.getCause());
        }
    }

    @Test
    void accessDeniedNoSuchTableAndValidationAreFaultsNamingTheErrorCode() {
        for (RuntimeException failure : new RuntimeException[] {service("AccessDeniedException", 400),
                ResourceNotFoundException.builder().statusCode(400).awsErrorDetails(AwsErrorDetails.builder()
                        .errorCode("ResourceNotFoundException").build()).build(),
                service("ValidationException", 400)}) {
            RuntimeException translated = assertThrows(RuntimeException.class,
                    () -> SdkErrors.call(() -> { throw failure; }));
            assertInstanceOf(StoreFaultException.class, translated, failure.toString());
            String code = ((DynamoDbException) failure).awsErrorDetails().errorCode();
            assertEquals("store configuration or permission fault: " + code + " (HTTP 400)", translated.getMessage());
        }
    }

    @Test
    void aRefusedConditionIsLeftToTheCallerThatWordsIt() {
        ConditionalCheckFailedException refused = ConditionalCheckFailedException.builder().message("held").build();
        assertSame(refused, assertThrows(ConditionalCheckFailedException.class,
                () -> SdkErrors.call(() -> { throw refused; })));
    }

    @Test
    void aStoreOnATableThatDoesNotExistFailsWithAFaultNotAnSdkException() {
        ChainStore store = dynamo.connection().chainStore("no-such-table", Clock.systemUTC(), 1, NETWORK);
        StoreFaultException fault = assertThrows(StoreFaultException.class, () -> store.blocks().head());
        assertEquals("store configuration or permission fault: ResourceNotFoundException (HTTP 400)", fault.getMessage());
    }

    @Test
    void aStoreWhoseEngineIsNotThereIsUnavailable() {
        try (DynamoDbConnection nowhere = DynamoDbConnection.open("http://127.0.0.1:1")) {
            ChainStore store = nowhere.chainStore("chain", Clock.systemUTC(), 1, NETWORK);
            assertThrows(StoreUnavailableException.class, () -> store.accounts().account(SignedVector.SENDER));
        }
    }
}
