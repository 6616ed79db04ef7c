package dev.lambdachain.wire;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body for {@link java.net.http.HttpClient} from a party that is not trusted to behave (the
 * node a wallet talks to; a peer's answers are read as they arrive, {@link StreamedBody}): collects the bytes, and gives up as soon as the body grows
 * past the cap or is still arriving after the deadline, failing the exchange with an
 * {@link IOException} whose message starts with {@code "answer "} and says which.
 */
public final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {
    private final int cap;
    private final long deadline;
    private final Clock clock;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private Flow.Subscription subscription;

    /** The body was larger than the cap. */
    public static final class TooLargeException extends IOException {
        TooLargeException(long cap) {
            super("answer larger than " + cap + " bytes");
        }
    }

    /**
     * @param cap      the most bytes the body may have
     * @param deadline {@code clock.millis()} after which arriving bytes fail the body
     * @param clock    the clock the deadline is read on
     */
    public CappedBody(int cap, long deadline, Clock clock) {
        this.cap = cap;
        this.deadline = deadline;
        this.clock = clock;
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        if (result.isDone()) {
            return;
        }
        if (clock.millis() > deadline) {
            subscription.cancel();
            result.completeExceptionally(new IOException("answer still arriving at the deadline"));
            return;
        }
        for (ByteBuffer buffer : buffers) {
            if (bytes.size() + buffer.remaining() > cap) {
                subscription.cancel();
                result.completeExceptionally(new TooLargeException(cap));
                return;
            }
            byte[] chunk = new byte[buffer.remaining()];
            buffer.get(chunk);
            bytes.write(chunk, 0, chunk.length);
        }
    }

    @Override
    public void onError(Throwable throwable) {
        result.completeExceptionally(throwable);
    }

    @Override
    public void onComplete() {
        result.complete(bytes.toByteArray());
    }
}
