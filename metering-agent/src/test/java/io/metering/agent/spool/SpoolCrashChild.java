package io.metering.agent.spool;

import java.nio.file.Path;
import java.util.List;

import io.metering.agent.testing.TestDevice;

/**
 * The child JVM of {@link SpoolCrashIT}: records events as fast as it can, printing
 * {@code RECORDED <seq>} once each is on disk, while another thread uploads; or, with {@code drain},
 * only uploads until nothing is left and prints {@code DRAINED}.
 */
public final class SpoolCrashChild {

    private SpoolCrashChild() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        String url = args[1];
        boolean drain = args.length > 2 && args[2].equals("drain");
        TestDevice device = TestDevice.open(dir, url, null, 50);
        if (drain) {
            device.drain(10_000);
            System.out.println("DRAINED");
            System.out.flush();
            System.exit(0);
        }
        Thread uploads = new Thread(() -> {
            try {
                while (true) {
                    device.uploader.step();
                    Thread.sleep(5);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        uploads.setDaemon(true);
        uploads.start();
        while (true) {
            List<Long> seqs = device.record(7);
            StringBuilder line = new StringBuilder();
            for (long seq : seqs) {
                line.append("RECORDED ").append(seq).append('\n');
            }
            System.out.print(line);
            System.out.flush();
            Thread.sleep(3);
        }
    }
}
