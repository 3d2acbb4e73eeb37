package io.metering.ingest.kafka;

import net.jpountz.lz4.LZ4Factory;
import net.jpountz.xxhash.XXHashFactory;

import org.jboss.logging.Logger;

/**
 * Makes Kafka's LZ4 codec use lz4-java's JNI implementation. Kafka asks for
 * {@code LZ4Factory.fastestInstance()}, which tries the native library only when lz4-java was loaded
 * by the system class loader; under Quarkus' class loader it silently falls back to the pure-Java
 * codec, about 4x slower to compress and 10x slower to decompress on this project's event batches
 * (ADR 0818). Once the native library is loaded here, every later {@code fastestInstance()} returns it.
 * Where it cannot load (an unlisted platform), the Java codec stays in use and this says so once.
 * <p>
 * Thread-safe; call {@link #load()} before the first Kafka client compresses or decompresses.
 */
public final class NativeLz4 {

    private static final Logger LOG = Logger.getLogger(NativeLz4.class);
    private static boolean attempted;

    private NativeLz4() {
    }

    /** Loads the native codec once; later calls do nothing. */
    public static synchronized void load() {
        if (attempted) {
            return;
        }
        attempted = true;
        try {
            LZ4Factory.nativeInstance();
            XXHashFactory.nativeInstance();
            LOG.debugf("LZ4 of the Kafka clients: %s", LZ4Factory.fastestInstance());
        } catch (Throwable e) { // an UnsatisfiedLinkError, or an unsupported platform
            LOG.infof("LZ4 of the Kafka clients runs in Java (%s): its native library did not load: %s",
                    LZ4Factory.fastestInstance(), e);
        }
    }
}
