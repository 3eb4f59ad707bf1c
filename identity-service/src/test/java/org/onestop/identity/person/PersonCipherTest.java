package org.onestop.identity.person;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.onestop.identity.EncryptionProperties;

/** The cipher is reused per thread (issue 17): every seal must still open, and still carry a nonce of its own. */
class PersonCipherTest {

    private static final String KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    private final PersonCipher cipher = new PersonCipher(new EncryptionProperties(Map.of("k1", KEY), "k1"));

    @Test
    void aSealedValueOpensUnderItsRowAndColumn() {
        byte[] sealed = cipher.seal("36040219300101100X", "ref-1", PersonCipher.ID_NUMBER);

        // 12-byte nonce + 18 bytes of ciphertext + 16-byte tag
        assertThat(sealed).hasSize(12 + 18 + 16);
        assertThat(cipher.open("k1", sealed, "ref-1", PersonCipher.ID_NUMBER)).isEqualTo("36040219300101100X");
    }

    @Test
    void sealingTheSameValueTwiceOnOneThreadGivesTwoNonces() {
        byte[] first = cipher.seal("张三", "ref-1", PersonCipher.NAME);
        byte[] second = cipher.seal("张三", "ref-1", PersonCipher.NAME);

        assertThat(Arrays.copyOf(first, 12)).isNotEqualTo(Arrays.copyOf(second, 12));
        assertThat(cipher.open("k1", second, "ref-1", PersonCipher.NAME)).isEqualTo("张三");
        assertThat(cipher.open("k1", first, "ref-1", PersonCipher.NAME)).isEqualTo("张三");
    }

    @Test
    void aValueMovedToAnotherRowDoesNotOpen() {
        byte[] sealed = cipher.seal("张三", "ref-1", PersonCipher.NAME);

        assertThatThrownBy(() -> cipher.open("k1", sealed, "ref-2", PersonCipher.NAME))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void threadsSealingAtOnceEachGetValuesThatOpen() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<byte[]>>> work = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                work.add(pool.submit(() -> {
                    List<byte[]> out = new ArrayList<>();
                    for (int i = 0; i < 500; i++) {
                        out.add(cipher.seal("v" + thread + "-" + i, "ref-" + thread, PersonCipher.NAME));
                    }
                    return out;
                }));
            }
            List<String> opened = Collections.synchronizedList(new ArrayList<>());
            for (int t = 0; t < 4; t++) {
                List<byte[]> sealed = work.get(t).get();
                for (int i = 0; i < sealed.size(); i++) {
                    opened.add(cipher.open("k1", sealed.get(i), "ref-" + t, PersonCipher.NAME));
                    assertThat(opened.get(opened.size() - 1)).isEqualTo("v" + t + "-" + i);
                }
            }
            assertThat(opened).hasSize(2000);
        } finally {
            pool.shutdownNow();
        }
    }
}
