package org.onestop.identity.person;

import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * Seals what is not yet sealed under the active key, at every start (before the service reports ready): rows written
 * before encryption (plaintext {@code id_number}/{@code name}, V5) and rows sealed under an older key (rotation:
 * add the new key, make it active, restart; when this has run, the old key may be removed). Safe with N replicas:
 * each row is rewritten only if it is still as read (its old key id or its plaintext), so two replicas at once only
 * repeat work.
 */
@Component
public class PersonEncryption implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(PersonEncryption.class);
    private static final Duration DB_TIMEOUT = Duration.ofMinutes(2);
    private static final int BATCH = 500;

    private record Pending(String personRef, String idNumber, String name, byte[] idSealed, byte[] nameSealed,
            String keyId) {
    }

    private final DatabaseClient db;
    private final PersonCipher cipher;

    PersonEncryption(DatabaseClient db, PersonCipher cipher) {
        this.db = db;
        this.cipher = cipher;
    }

    @Override
    public void run(ApplicationArguments args) {
        long sealed = sealPending();
        if (sealed > 0) {
            // counts only: never a number, a name or a person reference
            log.info("sealed {} person rows under key {}", sealed, cipher.activeKeyId());
        }
    }

    /** Seals every plaintext row and re-seals every row under another key; returns how many rows it rewrote. */
    public long sealPending() {
        long total = 0;
        while (true) {
            List<Pending> rows = db.sql("""
                            select person_ref, id_number, name, id_number_enc, name_enc, key_id from person
                            where id_number is not null or key_id is distinct from $1 limit $2""")
                    .bind(0, cipher.activeKeyId()).bind(1, BATCH)
                    .map((row, meta) -> new Pending(row.get("person_ref", String.class),
                            row.get("id_number", String.class), row.get("name", String.class),
                            row.get("id_number_enc", byte[].class),
                            row.get("name_enc", byte[].class), row.get("key_id", String.class)))
                    .all().collectList().block(DB_TIMEOUT);
            if (rows == null || rows.isEmpty()) {
                return total;
            }
            for (Pending p : rows) {
                total += reseal(p);
            }
        }
    }

    private long reseal(Pending p) {
        boolean plaintext = p.idNumber() != null;
        String id = plaintext ? p.idNumber()
                : cipher.open(p.keyId(), p.idSealed(), p.personRef(), PersonCipher.ID_NUMBER);
        String name = plaintext ? p.name()
                : cipher.open(p.keyId(), p.nameSealed(), p.personRef(), PersonCipher.NAME);
        DatabaseClient.GenericExecuteSpec update = db.sql("""
                        update person set id_number = null, name = null, id_number_enc = $2, name_enc = $3, key_id = $4
                        where person_ref = $1 and key_id is not distinct from $5
                          and (id_number is null) = $6""")
                .bind(0, p.personRef())
                .bind(1, cipher.seal(id, p.personRef(), PersonCipher.ID_NUMBER));
        byte[] nameSealed = cipher.seal(name, p.personRef(), PersonCipher.NAME);
        update = nameSealed == null ? update.bindNull(2, byte[].class) : update.bind(2, nameSealed);
        update = update.bind(3, cipher.activeKeyId());
        update = p.keyId() == null ? update.bindNull(4, String.class) : update.bind(4, p.keyId());
        Long n = update.bind(5, p.idNumber() == null).fetch().rowsUpdated().block(DB_TIMEOUT);
        return n == null ? 0 : n;
    }
}
