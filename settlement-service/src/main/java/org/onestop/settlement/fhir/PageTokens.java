package org.onestop.settlement.fhir;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.onestop.events.Caller;
import org.onestop.messaging.personref.PersonRefProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The opaque {@code _page} tokens of the ExplanationOfBenefit search's next/previous links (docs/fhir.md "Paging"):
 * {@code base64url(payload) "." base64url(HMAC-SHA256)}. The payload binds the caller, the person, the year, the page
 * size, the direction and the cursor (the discharge date and id of the last or first entry seen), and an expiry. So a
 * token cannot be altered to read another person or year (the signature fails), cannot be replayed by another partner
 * (the caller does not match), and lives {@link #TTL}. The key is derived from the deployment secret as the printing
 * links' is, under its own label, so no new secret needs distributing and neither key signs the other's tokens.
 */
@Component
class PageTokens {

    static final String KEY_LABEL = "onestop fhir page token v1";
    /** Long enough to page through a person-year by hand, short enough that a copied link does not live on. */
    static final Duration TTL = Duration.ofHours(1);

    /** A page after ({@code forward}) or before the entry {@code (dischargeDate, id)} of the search. */
    record Page(String person, int year, int count, boolean forward, LocalDate dischargeDate, UUID id) {
    }

    private final byte[] key;
    private final Clock clock;

    @Autowired
    PageTokens(PersonRefProperties personRef, Clock clock) {
        this(personRef.secretBytes(), clock);
    }

    PageTokens(byte[] deploymentSecret, Clock clock) {
        this.key = hmac(deploymentSecret, KEY_LABEL.getBytes(StandardCharsets.UTF_8));
        this.clock = clock;
    }

    String issue(Caller caller, Page page) {
        String payload = String.join("|", "1", callerBinding(caller), page.person(), Integer.toString(page.year()),
                Integer.toString(page.count()), page.forward() ? "n" : "p", page.dischargeDate().toString(), page.id().toString(),
                Long.toString(clock.instant().plus(TTL).getEpochSecond()));
        byte[] bytes = payload.getBytes(StandardCharsets.US_ASCII);
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString(bytes) + "." + b64.encodeToString(hmac(key, bytes));
    }

    /**
     * The page a token names, for this caller.
     *
     * @throws FhirProblem.FhirException {@code invalid-page-token} (400) when malformed or its signature fails,
     *                                   {@code page-token-not-yours} (403) when issued to another caller,
     *                                   {@code page-token-expired} (410) when its hour has passed
     */
    Page verify(Caller caller, String token) {
        int dot = token == null ? -1 : token.indexOf('.');
        if (dot <= 0 || token.length() > 400) {
            throw invalid();
        }
        byte[] payload;
        byte[] signature;
        try {
            payload = Base64.getUrlDecoder().decode(token.substring(0, dot));
            signature = Base64.getUrlDecoder().decode(token.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        if (!MessageDigest.isEqual(hmac(key, payload), signature)) {
            throw invalid();
        }
        String[] f = new String(payload, StandardCharsets.US_ASCII).split("\\|");
        if (f.length != 9 || !"1".equals(f[0])) {
            throw invalid();
        }
        if (!MessageDigest.isEqual(f[1].getBytes(StandardCharsets.US_ASCII), callerBinding(caller).getBytes(StandardCharsets.US_ASCII))) {
            throw FhirProblem.PAGE_TOKEN_NOT_YOURS.with(FhirProblem.PAGE_TOKEN_NOT_YOURS.display(), "_page");
        }
        Instant expires = Instant.ofEpochSecond(Long.parseLong(f[8]));
        if (!clock.instant().isBefore(expires)) {
            throw FhirProblem.PAGE_TOKEN_EXPIRED.with("分页令牌已于 " + expires + " 过期，请重新检索 (the page token expired at "
                    + expires + ": search again)", "_page");
        }
        try {
            return new Page(f[2], Integer.parseInt(f[3]), Integer.parseInt(f[4]), "n".equals(f[5]), LocalDate.parse(f[6]),
                    UUID.fromString(f[7]));
        } catch (DateTimeParseException | IllegalArgumentException e) {
            throw invalid(); // signed by us, so only a change of format gets here
        }
    }

    static FhirProblem.FhirException invalid() {
        return FhirProblem.INVALID_PAGE_TOKEN.with(FhirProblem.INVALID_PAGE_TOKEN.display(), "_page");
    }

    /** Who the token is for: every claim that decides what the caller sees, hashed so the token does not spell them. */
    private String callerBinding(Caller caller) {
        String who = String.join("\n", String.valueOf(caller.partner()), caller.type().claim(), String.valueOf(caller.institution()),
                String.valueOf(caller.region()));
        byte[] h = hmac(key, who.getBytes(StandardCharsets.UTF_8));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(h, 16));
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
