package io.metering.e2e.security;

import java.net.http.HttpClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Valid traffic of another tenant while the hostile suite runs: enrolled devices upload signed, chained
 * batches (4 per second each, far below the per-device limit of 20) and the tenant's importer posts JSON
 * (3 per second). Every answer must be a 202 that accepts every event; the launches sent are what the
 * consumption API must count afterwards. It has connections of its own, as a real agent or importer
 * would: the hostile suite's pooled connections may have been closed by the server. Thread-safe.
 */
final class SteadyTraffic {

    static final int EVENTS_PER_BATCH = 10;

    private final Tenant tenant;
    private final List<Device> devices;
    private final String product;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();
    private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    private final List<Thread> threads = new ArrayList<>();
    private final HttpClient connections = Http.newClient();

    SteadyTraffic(Tenant tenant, List<Device> devices, String product) {
        this.tenant = tenant;
        this.devices = devices;
        this.product = product;
    }

    void start() {
        for (Device d : devices) {
            threads.add(new Thread(() -> loop(250, () -> d.uploadNext(connections,
                    d.launches(EVENTS_PER_BATCH, product, Instant.now().minusSeconds(60)))), "steady-" + d.id()));
        }
        long[] seq = {0};
        String importedDevice = "steady-imported-" + System.nanoTime();
        threads.add(new Thread(() -> loop(330, () -> {
            StringBuilder b = new StringBuilder("{\"events\":[");
            for (int i = 0; i < EVENTS_PER_BATCH; i++) {
                long s = ++seq[0];
                b.append(i > 0 ? "," : "").append(TenantIsolationIT.jsonLaunch(importedDevice, s, product,
                        Instant.now().minusSeconds(60), null));
            }
            return Http.json(connections, "POST", SecurityStack.ingest() + "/v1/events", tenant.token(Role.IMPORTER), b.append("]}").toString());
        }), "steady-importer"));
        threads.forEach(Thread::start);
    }

    private void loop(long periodMs, java.util.function.Supplier<Http.Reply> send) {
        while (running.get()) {
            long began = System.nanoTime();
            sent.addAndGet(EVENTS_PER_BATCH);
            Http.Reply answer = send.get();
            if (answer.status() == 202 && answer.body().contains("\"accepted\":" + EVENTS_PER_BATCH + ",")) {
                accepted.addAndGet(EVENTS_PER_BATCH);
            } else {
                failures.add(Thread.currentThread().getName() + ": " + answer);
            }
            long sleep = periodMs - (System.nanoTime() - began) / 1_000_000;
            if (sleep > 0) {
                try {
                    Thread.sleep(sleep);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Stops and waits for every sender. */
    void stop() throws InterruptedException {
        running.set(false);
        for (Thread t : threads) {
            t.join();
        }
    }

    long sent() {
        return sent.get();
    }

    long accepted() {
        return accepted.get();
    }

    List<String> failures() {
        return List.copyOf(failures);
    }
}
