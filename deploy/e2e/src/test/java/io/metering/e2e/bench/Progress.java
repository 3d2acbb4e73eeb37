package io.metering.e2e.bench;

import java.util.function.Supplier;

/** A progress line on stderr, rewritten every second while a phase runs. Thread-safe. */
final class Progress {

    private Thread ticker;

    synchronized void start(String phase, Supplier<String> status) {
        stop();
        long t0 = System.nanoTime();
        ticker = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    Thread.sleep(1000);
                    System.err.printf("\r[bench] %-14s %5.0f s  %s        ", phase, IngestBenchmark.seconds(t0), status.get());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                System.err.println("\n[bench] progress: " + e.getMessage());
            }
        }, "bench-progress");
        ticker.setDaemon(true);
        ticker.start();
    }

    synchronized void stop() {
        if (ticker != null) {
            ticker.interrupt();
            try {
                ticker.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ticker = null;
            System.err.println();
        }
    }
}
