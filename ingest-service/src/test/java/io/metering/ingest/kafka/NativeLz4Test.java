package io.metering.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import net.jpountz.lz4.LZ4Factory;

import org.junit.jupiter.api.Test;

class NativeLz4Test {

    @Test
    void afterLoadingKafkasLz4CodecIsTheNativeOneOnThisPlatform() {
        NativeLz4.load();
        NativeLz4.load(); // a second call does nothing

        assertThat(LZ4Factory.fastestInstance()).as("lz4-java ships JNI code for linux/amd64")
                .isSameAs(LZ4Factory.nativeInstance());
    }
}
