package org.onestop.gateway.partner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.onestop.gateway.GatewayProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;

/**
 * On the embedded default, registers demo partners with generated secrets and writes the secrets (only there, never to
 * a log) to {@code <data dir>/gateway/demo-credentials.txt}, one {@code client_id:secret} per line, readable by the
 * owner only. A partner whose line is already in the file keeps its secret across restarts.
 */
@Component
class DemoPartners implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoPartners.class);

    static final List<Partner> ALL = List.of(
            partner("hospital-h360402001", PartnerType.HOSPITAL, "九江市第一人民医院 (demo)", "H360402001", null, "360402"),
            partner("hospital-h370602001", PartnerType.HOSPITAL, "烟台市芝罘区医院 (demo)", "H370602001", null, "370602"),
            partner("civil-affairs-360400", PartnerType.DEPARTMENT, "九江市民政局 (demo)", null, "CIVIL_AFFAIRS", "360400"),
            partner("rural-revitalization-360400", PartnerType.DEPARTMENT, "九江市乡村振兴局 (demo)", null,
                    "RURAL_REVITALIZATION", "360400"),
            partner("civil-affairs-140000", PartnerType.DEPARTMENT, "山西省民政厅 (demo)", null, "CIVIL_AFFAIRS", "140000"),
            partner("hospital-h210102001", PartnerType.HOSPITAL, "沈阳市和平区医院 (demo)", "H210102001", null, "210102"),
            partner("civil-affairs-210000", PartnerType.DEPARTMENT, "辽宁省民政厅 (demo)", null, "CIVIL_AFFAIRS", "210000"),
            partner("insurance-office-360400", PartnerType.INSURANCE_OFFICE, "九江市医疗保障局经办 (demo)", null, null, "360400"),
            partner("operator", PartnerType.OPERATOR, "OneStop operations (demo)", null, null, null));

    private final GatewayProperties.Demo demo;
    private final PartnerStore store;
    private final PasswordEncoder encoder;
    private final SecureRandom random = new SecureRandom();

    DemoPartners(GatewayProperties properties, PartnerStore store, PasswordEncoder encoder) {
        this.demo = properties.demo();
        this.store = store;
        this.encoder = encoder;
    }

    private static Partner partner(String id, PartnerType type, String name, String institution, String department,
            String region) {
        return new Partner(id, type, name, institution, department, region, type.scopes());
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!demo.enabled()) {
            return;
        }
        Path file = demo.credentialsFile().toAbsolutePath().normalize();
        Map<String, String> known = read(file);
        Map<String, String> secrets = new LinkedHashMap<>();
        Flux.fromIterable(ALL).concatMap(p -> {
            String secret = known.get(p.clientId());
            boolean fresh = secret == null;
            if (fresh) {
                byte[] bytes = new byte[24];
                random.nextBytes(bytes);
                secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            }
            secrets.put(p.clientId(), secret);
            String s = secret;
            return store.find(p.clientId())
                    .filter(r -> !fresh && encoder.matches(s, r.secretHash()))
                    .map(r -> true)
                    .switchIfEmpty(store.save(p, encoder.encode(s)).thenReturn(true));
        }).then().block();
        write(file, secrets);
        log.info("Demo partners ready ({}); their secrets are in {}. Get a token: curl -s -u \"$(grep '^hospital-h360402001:' {})\" "
                + "-d grant_type=client_credentials http://localhost:<port>/oauth2/token", secrets.keySet(), file, file);
    }

    private static Map<String, String> read(Path file) {
        Map<String, String> known = new LinkedHashMap<>();
        if (!Files.isRegularFile(file)) {
            return known;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                int colon = line.indexOf(':');
                if (!line.startsWith("#") && colon > 0) {
                    known.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return known;
    }

    private static void write(Path file, Map<String, String> secrets) {
        StringBuilder text = new StringBuilder("""
                # OneStop demo partners (embedded default only). client_id:client_secret, for HTTP Basic at POST /oauth2/token:
                #   curl -s -u "$(grep '^hospital-h360402001:' this-file)" -d grant_type=client_credentials http://localhost:8080/oauth2/token
                # Delete this file and restart the gateway to get new secrets.
                """);
        for (Partner p : ALL) {
            text.append(p.clientId()).append(':').append(secrets.get(p.clientId())).append('\n');
        }
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system; the data dir's own permissions apply
            }
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
