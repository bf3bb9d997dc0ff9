package io.sportsfeeds.adapters.aws.jmh;

import io.sportsfeeds.adapters.aws.ChangeRecordDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The stream decode: {@link ChangeRecordDecoder} on the reference change record of Kinesis Data
 * Streams for DynamoDB ({@code kinesis-dynamodb-change-record.json}, an odds history insert, 1 KB
 * of JSON), as the Lambda consumer hands it over (a {@link ByteBuffer}) and as app-local's Kinesis
 * reader does (bytes). One operation is one record.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ChangeRecordDecoderBenchmark {
    private static final String SEQUENCE_NUMBER = "49590338271490256608559692538361571095921575989136588898";

    private final ChangeRecordDecoder decoder = new ChangeRecordDecoder("sportsfeeds");
    private byte[] record;
    private ByteBuffer buffer;

    @Setup
    public void setUp() {
        record = reference("kinesis-dynamodb-change-record.json");
        buffer = ByteBuffer.wrap(record).asReadOnlyBuffer();
        if (!(decoder.decode(SEQUENCE_NUMBER, record) instanceof ChangeRecordDecoder.Decoded)) {
            throw new IllegalStateException(
                    "the reference record should decode to a change, was " + decoder.decode(SEQUENCE_NUMBER, record));
        }
    }

    @Benchmark
    public ChangeRecordDecoder.Result decodeBytes() {
        return decoder.decode(SEQUENCE_NUMBER, record);
    }

    @Benchmark
    public ChangeRecordDecoder.Result decodeBuffer() {
        return decoder.decode(SEQUENCE_NUMBER, buffer);
    }

    private static byte[] reference(String name) {
        String path = "/io/sportsfeeds/adapters/aws/reference/" + name;
        try (InputStream in = ChangeRecordDecoderBenchmark.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no reference payload at " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + path, e);
        }
    }
}
