package org.wsfile.server;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

import javax.naming.InitialContext;
import javax.naming.NamingException;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The threads that write to subscribers, and the timer that notices a write that takes too long.
 * A connection whose writes block (the container's WebSocket sessions) writes on a thread of its
 * own while it has something to send, so one that stops reading holds up nobody else; one that
 * never blocks ({@link NonBlockingTransport}) comes here only to go on once the network has taken
 * what it held. Threads come from the server's managed thread factory where it has one, so they
 * carry the application's context.
 */
@ApplicationScoped
public class DeliveryThreads {
    private static final Logger LOG = Logger.getLogger(DeliveryThreads.class.getName());
    private static final String MANAGED_THREAD_FACTORY = "java:comp/DefaultManagedThreadFactory";

    private ExecutorService writers;
    private ScheduledExecutorService timer;

    @PostConstruct
    void start() {
        ThreadFactory threads = threadFactory();
        writers = Executors.newCachedThreadPool(threads);
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, threads);
        scheduler.setRemoveOnCancelPolicy(true);
        timer = scheduler;
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
        writers.shutdownNow();
    }

    /** Whether the threads take work: from start until the application stops. */
    public boolean running() {
        return !writers.isShutdown() && !timer.isShutdown();
    }

    /** Runs a task on a writer thread. */
    public void execute(Runnable task) {
        writers.execute(task);
    }

    /** Runs a task on a writer thread after a delay, unless cancelled first. */
    public ScheduledFuture<?> schedule(Runnable task, Duration delay) {
        return timer.schedule(() -> writers.execute(task), delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    private static ThreadFactory threadFactory() {
        try {
            return InitialContext.doLookup(MANAGED_THREAD_FACTORY);
        } catch (NamingException e) {
            LOG.info(() -> "no " + MANAGED_THREAD_FACTORY + " on this server; using plain threads");
            return Executors.defaultThreadFactory();
        }
    }
}
