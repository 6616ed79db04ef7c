package dev.lambdachain.core;

import java.util.concurrent.ThreadFactory;

/**
 * Threads that never keep the JVM (a Lambda container, the local runner) alive on their own:
 * worker pools for validation, proof of work and peer calls, named for thread dumps.
 */
public record DaemonThreads(String name) implements ThreadFactory {
    @Override
    public Thread newThread(Runnable work) {
        Thread thread = new Thread(work, name);
        thread.setDaemon(true);
        return thread;
    }
}
