package dev.lambdachain.store.dynamodb;

import dev.lambdachain.store.StoreFaultException;
import dev.lambdachain.store.StoreUnavailableException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

import java.net.ConnectException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Every SDK failure leaves the store as one of its own exceptions: throttled or away is "try again", the rest a fault. */
class SdkErrorsTest {

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
}
