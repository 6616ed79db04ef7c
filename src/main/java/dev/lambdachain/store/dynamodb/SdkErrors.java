package dev.lambdachain.store.dynamodb;

import dev.lambdachain.core.ChainStateException;
import dev.lambdachain.store.StoreFaultException;
import dev.lambdachain.store.StoreUnavailableException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.io.IOException;
import java.util.function.Supplier;

/**
 * Where an AWS SDK failure becomes the store's own exception, so that none reaches a caller of
 * {@link dev.lambdachain.store.ChainStore}: throttling, a DynamoDB-side 5xx or no answer at all is
 * {@link StoreUnavailableException} (try again); anything else (access denied, no such table, a
 * rejected request) is {@link StoreFaultException}, naming the error code for the log.
 */
final class SdkErrors {
    private SdkErrors() {
    }

    /**
     * Sends {@code request}, translating its failure. A refused condition
     * ({@link ConditionalCheckFailedException}, {@link TransactionCanceledException}) is left to
     * the caller, which words it from the refused item.
     */
    static <T> T call(Supplier<T> request) {
        try {
            return request.get();
        } catch (ConditionalCheckFailedException | TransactionCanceledException refused) {
            throw refused;
        } catch (SdkException e) {
            throw translate(e);
        }
    }

    /** The store's exception for an SDK failure, with it as the cause. */
    static ChainStateException translate(SdkException e) {
        if (isTransient(e)) {
            return new StoreUnavailableException("the store is unavailable or throttling; try again", e);
        }
        return new StoreFaultException("store configuration or permission fault: " + describe(e), e);
    }

    /** Throttling, a DynamoDB-side 5xx, or no answer at all: worth sending again. */
    private static boolean isTransient(SdkException e) {
        if (e instanceof AwsServiceException service) {
            return service.isThrottlingException() || service.statusCode() >= 500;
        }
        return e.retryable() || e instanceof SdkClientException && e.getCause() instanceof IOException;
    }

    private static String describe(SdkException e) {
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
            return service.awsErrorDetails().errorCode() + " (HTTP " + service.statusCode() + ")";
        }
        return e.getClass().getSimpleName();
    }
}
