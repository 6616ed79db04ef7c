package dev.lambdachain.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

import java.net.ConnectException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

/** SDK failures: a store that is busy or away is "try again"; a misconfigured one is a logged 500. */
class FailuresTest {

    private static DynamoDbException service(String code, int status) {
        return (DynamoDbException) DynamoDbException.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage("detail for the log only").build())
                .message("detail for the log only").build();
    }

    @Test
    void throttlingAndAnUnreachableStoreAre503WithRetryAfter() {
        ProvisionedThroughputExceededException throttled = ProvisionedThroughputExceededException.builder()
                .statusCode(400).awsErrorDetails(AwsErrorDetails.builder()
                        .errorCode("ProvisionedThroughputExceededException").build()).build();
        for (RuntimeException failure : new RuntimeException[] {throttled, service("InternalServerError", 500),
                SdkClientException.create("connect", new ConnectException("refused"))}) {
            APIGatewayV2HTTPResponse response = Failures.respond(failure, "GET /info");
            assertEquals(503, response.getStatusCode(), failure.toString());
            assertEquals(Failures.RETRY_AFTER_SECONDS, response.getHeaders().get("Retry-After"));
        }
    }

    @Test
    void accessDeniedNoSuchTableAndValidationAre500WithoutTheDetail() {
        for (RuntimeException failure : new RuntimeException[] {service("AccessDeniedException", 400),
                ResourceNotFoundException.builder().statusCode(400).message("detail for the log only").build(),
                service("ValidationException", 400)}) {
            APIGatewayV2HTTPResponse response = Failures.respond(failure, "GET /info");
            assertEquals(500, response.getStatusCode(), failure.toString());
            assertFalse(response.getBody().contains("detail"), response.getBody());
            assertNull(response.getHeaders().get("Retry-After"));
        }
    }
}
