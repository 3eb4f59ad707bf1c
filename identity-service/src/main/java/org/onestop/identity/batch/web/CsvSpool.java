package org.onestop.identity.batch.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.onestop.events.FreeText;
import org.onestop.messaging.limit.PayloadTooLarge;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Streams an upload to a temporary file, buffer by buffer, counting and hashing as it goes: the file is never
 * held in memory, an oversized body is cut off at the limit, and the hash makes resubmissions recognisable.
 */
final class CsvSpool {

    /** A spooled upload; delete it when done. {@code zip}: it starts as a ZIP archive does (an XLSX workbook). */
    record Spooled(Path file, long size, String sha256, boolean zip) {
        void delete() {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private CsvSpool() {
    }

    static Mono<Spooled> spool(Flux<DataBuffer> body, long limit) {
        return Mono.fromCallable(() -> Files.createTempFile("identity-upload-", ".csv"))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(file -> {
                    MessageDigest digest = sha256();
                    AtomicLong size = new AtomicLong();
                    byte[] head = new byte[4];
                    Flux<DataBuffer> counted = body.doOnNext(buffer -> {
                        long before = size.get();
                        for (int i = 0; before + i < head.length && i < buffer.readableByteCount(); i++) {
                            head[(int) before + i] = buffer.getByte(buffer.readPosition() + i);
                        }
                        if (size.addAndGet(buffer.readableByteCount()) > limit) {
                            DataBufferUtils.release(buffer);
                            throw tooLarge(limit);
                        }
                        try (DataBuffer.ByteBufferIterator it = buffer.readableByteBuffers()) {
                            while (it.hasNext()) {
                                ByteBuffer bytes = it.next();
                                // In UTF-8 and GB18030 (the charsets read) a 0x00 byte is U+0000 and nothing else;
                                // PostgreSQL text cannot hold it, so the file is refused before a row is stored.
                                // A workbook is binary (its cells' text is checked as rows are read).
                                for (int i = bytes.position(); i < bytes.limit() && !isZip(head); i++) {
                                    if (bytes.get(i) == 0) {
                                        DataBufferUtils.release(buffer);
                                        throw BatchRequestException.freeText("file", FreeText.Problem.NUL);
                                    }
                                }
                                digest.update(bytes);
                            }
                        }
                    });
                    return DataBufferUtils.write(counted, file)
                            .then(Mono.fromSupplier(() -> new Spooled(file, size.get(), HexFormat.of().formatHex(digest.digest()),
                                    isZip(head))))
                            .onErrorResume(e -> Mono.fromRunnable(() -> new Spooled(file, 0, "", false).delete())
                                    .subscribeOn(Schedulers.boundedElastic())
                                    .then(Mono.error(e)));
                });
    }

    /** The local file header signature {@code PK\3\4} every XLSX starts with. */
    private static boolean isZip(byte[] head) {
        return head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
    }

    static BatchRequestException tooLarge(long limit) {
        // the suite's one size refusal (messaging PayloadTooLarge), as the gateway and the JSON route answer it
        return new BatchRequestException(HttpStatus.CONTENT_TOO_LARGE, PayloadTooLarge.CODE, PayloadTooLarge.detail(limit),
                Map.of(PayloadTooLarge.LIMIT, limit));
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
