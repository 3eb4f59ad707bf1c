package org.onestop.gateway.partner;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** The {@code partner} table: registered clients with their bcrypt secret hashes. */
@Component
public class PartnerStore {

    /** A registered client: the partner and the hash its secret must match. */
    public record Registration(Partner partner, String secretHash, boolean enabled) {
    }

    private final DatabaseClient db;

    PartnerStore(DatabaseClient db) {
        this.db = db;
    }

    public Mono<Registration> find(String clientId) {
        return db.sql("""
                select client_id, secret_hash, partner_type, display_name, institution_id, department, region_code, enabled
                from partner where client_id = $1""")
                .bind(0, clientId)
                .map((row, meta) -> {
                    PartnerType type = PartnerType.valueOf(row.get("partner_type", String.class));
                    return new Registration(new Partner(row.get("client_id", String.class), type,
                            row.get("display_name", String.class), row.get("institution_id", String.class),
                            row.get("department", String.class), row.get("region_code", String.class), type.scopes()),
                            row.get("secret_hash", String.class), Boolean.TRUE.equals(row.get("enabled", Boolean.class)));
                })
                .one();
    }

    /** Creates the partner, or replaces its description and secret hash. */
    public Mono<Void> save(Partner p, String secretHash) {
        DatabaseClient.GenericExecuteSpec spec = db.sql("""
                insert into partner (client_id, secret_hash, partner_type, display_name, institution_id, department, region_code)
                values ($1, $2, $3, $4, $5, $6, $7)
                on conflict (client_id) do update set secret_hash = excluded.secret_hash, partner_type = excluded.partner_type,
                  display_name = excluded.display_name, institution_id = excluded.institution_id,
                  department = excluded.department, region_code = excluded.region_code, secret_changed_at = now()""")
                .bind(0, p.clientId()).bind(1, secretHash).bind(2, p.type().name()).bind(3, p.displayName());
        spec = nullable(spec, 4, p.institutionId());
        spec = nullable(spec, 5, p.department());
        spec = nullable(spec, 6, p.regionCode());
        return spec.then();
    }

    private static DatabaseClient.GenericExecuteSpec nullable(DatabaseClient.GenericExecuteSpec spec, int index, String value) {
        return value == null ? spec.bindNull(index, String.class) : spec.bind(index, value);
    }
}
