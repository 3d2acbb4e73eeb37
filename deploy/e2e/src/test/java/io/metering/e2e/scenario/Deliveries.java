package io.metering.e2e.scenario;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;

/**
 * How a scenario's events reach the API the way real fleets deliver them: in runs of a device's
 * events, runs shuffled across devices (so a device's events arrive out of order), events shuffled
 * inside batches, and a share of events sent twice in different batches. Stateless helpers.
 */
public final class Deliveries {

    private Deliveries() {
    }

    /**
     * Cuts each device's events into runs of {@code runLength}, shuffles the runs, packs them into
     * batches of at most {@code batchSize} (shuffled inside) and repeats {@code duplicateShare} of the
     * events in a later batch.
     */
    public static List<List<UsageRecord>> shuffledBatches(List<List<UsageRecord>> perDevice, int runLength,
                                                          int batchSize, double duplicateShare, Random random) {
        List<List<UsageRecord>> runs = new ArrayList<>();
        for (List<UsageRecord> events : perDevice) {
            for (int i = 0; i < events.size(); i += runLength) {
                runs.add(events.subList(i, Math.min(events.size(), i + runLength)));
            }
        }
        Collections.shuffle(runs, random);
        List<UsageRecord> stream = new ArrayList<>();
        runs.forEach(stream::addAll);
        List<List<UsageRecord>> batches = new ArrayList<>();
        for (int i = 0; i < stream.size(); i += batchSize) {
            batches.add(new ArrayList<>(stream.subList(i, Math.min(stream.size(), i + batchSize))));
        }
        for (UsageRecord e : stream) {
            if (random.nextDouble() < duplicateShare) {
                List<UsageRecord> batch = batches.get(random.nextInt(batches.size()));
                if (batch.size() < batchSize + batchSize / 10) {
                    batch.add(e);
                }
            }
        }
        batches.forEach(b -> Collections.shuffle(b, random));
        return batches;
    }

    /** Sends every batch with {@code threads} parallel senders; {@code sent} counts the events acknowledged. */
    public static void sendAll(List<List<UsageRecord>> batches, int threads, Consumer<List<UsageRecord>> send,
                               AtomicLong sent) throws Exception {
        sendAll(batches, threads, send, List::size, sent);
    }

    /**
     * Sends every batch (in any form, e.g. request bodies made beforehand) with {@code threads} parallel
     * senders; {@code sent} counts the events acknowledged, {@code events} says how many a batch holds.
     */
    public static <B> void sendAll(List<B> batches, int threads, Consumer<B> send, ToIntFunction<B> events,
                                   AtomicLong sent) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            AtomicInteger next = new AtomicInteger();
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < batches.size(); i = next.getAndIncrement()) {
                        send.accept(batches.get(i));
                        sent.addAndGet(events.applyAsInt(batches.get(i)));
                    }
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
