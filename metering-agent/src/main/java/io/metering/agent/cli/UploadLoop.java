package io.metering.agent.cli;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.metering.agent.upload.Uploader;

/**
 * Drives an {@link Uploader} on its own thread until stopped. Thread-safe: {@link #stop} from any thread.
 */
final class UploadLoop implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(UploadLoop.class);

    private final Uploader uploader;
    private final Object signal = new Object();
    private volatile boolean running = true;

    UploadLoop(Uploader uploader) {
        this.uploader = uploader;
    }

    @Override
    public void run() {
        while (running) {
            try {
                Duration delay = uploader.step().delay();
                if (!delay.isZero()) {
                    synchronized (signal) {
                        if (running) {
                            signal.wait(Math.max(1, delay.toMillis()));
                        }
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.error("Upload step failed unexpectedly", e);
                sleepQuietly();
            }
        }
    }


    void stop() {
        running = false;
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    private void sleepQuietly() {
        try {
            Thread.sleep(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
