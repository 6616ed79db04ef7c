package dev.lambdachain.wire;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A response body for {@link java.net.http.HttpClient} from a party that is not trusted to behave (a
 * peer), read as an {@link InputStream} while it arrives: the client is asked for one buffer at a
 * time, only when the reader wants more, so the bytes held in memory are what the reader keeps plus
 * one buffer, whatever the sender writes. Reading fails with {@link CappedBody.TooLargeException}
 * once more than the cap has arrived, with {@link LateException} when the next bytes have not
 * arrived by the deadline; either, and {@link InputStream#close()}, cancels the exchange (the
 * connection is hung up). The deadline counts the sender's time: it moves on by the time the
 * reader spends between two reads (checking what it read), so a slow reader does not blame the
 * sender.
 */
public final class StreamedBody implements HttpResponse.BodySubscriber<InputStream> {
    /** What the queue holds when the body has ended. */
    private static final Object END = new Object();

    private final long cap;
    private final long deadline;
    private final Clock clock;
    private final BlockingQueue<Object> arrived = new LinkedBlockingQueue<>();
    private final CompletableFuture<Flow.Subscription> subscribed = new CompletableFuture<>();
    private final Stream stream = new Stream();

    /** The next bytes of the body did not arrive by the deadline. */
    public static final class LateException extends IOException {
        LateException() {
            super("answer still arriving at the deadline");
        }
    }

    /**
     * @param cap      the most bytes the body may have
     * @param deadline {@code clock.millis()} by which the whole body must have arrived, later by the
     *                 reader's own time between reads
     * @param clock    the clock the deadline is read on
     */
    public StreamedBody(long cap, long deadline, Clock clock) {
        this.cap = cap;
        this.deadline = deadline;
        this.clock = clock;
    }

    @Override
    public CompletionStage<InputStream> getBody() {
        return CompletableFuture.completedFuture(stream);
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        subscribed.complete(subscription);
        subscription.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        arrived.add(buffers);
    }

    @Override
    public void onError(Throwable throwable) {
        arrived.add(throwable);
    }

    @Override
    public void onComplete() {
        arrived.add(END);
    }

    private void cancel() {
        subscribed.thenAccept(Flow.Subscription::cancel);
    }

    /** The body's bytes in order; each read waits at most until the deadline. */
    private final class Stream extends InputStream {
        private Iterator<ByteBuffer> buffers = List.<ByteBuffer>of().iterator();
        private ByteBuffer current = ByteBuffer.allocate(0);
        private long received;
        /** When the last read returned, or -1 before the first; and the reader's own time between reads since. */
        private long returnedAt = -1;
        private long readerMillis;
        private boolean ended;
        private IOException failed;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] into, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            if (returnedAt >= 0) {
                readerMillis += clock.millis() - returnedAt;
            }
            try {
                if (!fill()) {
                    return -1;
                }
                int n = Math.min(length, current.remaining());
                current.get(into, offset, n);
                return n;
            } finally {
                returnedAt = clock.millis();
            }
        }

        /** Makes {@code current} hold unread bytes; false at the end of the body. */
        private boolean fill() throws IOException {
            while (!current.hasRemaining()) {
                if (buffers.hasNext()) {
                    current = buffers.next();
                    continue;
                }
                if (failed != null) {
                    throw failed;
                }
                if (ended) {
                    return false;
                }
                next();
            }
            return true;
        }

        /** Takes what arrived next, counting it against the cap, and asks the client for more. */
        @SuppressWarnings("unchecked")
        private void next() throws IOException {
            Object item;
            try {
                item = arrived.poll(Math.max(0, deadline + readerMillis - clock.millis()), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw fail(new InterruptedIOException("interrupted while reading the answer"));
            }
            if (item == null) {
                throw fail(new LateException());
            }
            if (item == END) {
                ended = true;
                return;
            }
            if (item instanceof Throwable error) {
                failed = error instanceof IOException io ? io : new IOException("the answer broke off", error);
                throw failed;
            }
            List<ByteBuffer> list = (List<ByteBuffer>) item;
            for (ByteBuffer buffer : list) {
                received += buffer.remaining();
            }
            if (received > cap) {
                throw fail(new CappedBody.TooLargeException(cap));
            }
            buffers = list.iterator();
            subscribed.thenAccept(subscription -> subscription.request(1));
        }

        private IOException fail(IOException reason) {
            failed = reason;
            cancel();
            return reason;
        }

        @Override
        public void close() {
            if (!ended) {
                if (failed == null) {
                    failed = new IOException("the answer was closed");
                }
                cancel();
            }
        }
    }
}
